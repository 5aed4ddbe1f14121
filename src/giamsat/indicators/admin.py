from django.contrib import admin

from giamsat.core.admin import ReadOnlyAdmin
from giamsat.indicators.models import ExplanationRequest, Indicator, IndicatorTarget, IndicatorValue

admin.site.register(Indicator)
admin.site.register(IndicatorTarget)
admin.site.register(IndicatorValue, ReadOnlyAdmin)
admin.site.register(ExplanationRequest, ReadOnlyAdmin)
