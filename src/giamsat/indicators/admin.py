from django.contrib import admin

from giamsat.indicators.models import ExplanationRequest, Indicator, IndicatorTarget, IndicatorValue

admin.site.register(Indicator)
admin.site.register(IndicatorTarget)
admin.site.register(IndicatorValue)
admin.site.register(ExplanationRequest)
