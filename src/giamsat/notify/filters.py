"""The delivery log's one filter definition (ADR 0021)."""

from giamsat.core.filters import CodeFilter, FilterSet
from giamsat.notify.models import Channel, Delivery, Kind


class DeliveryFilterSet(FilterSet):
    channel = CodeFilter(label="Kênh", empty_label="Mọi kênh",
                         choices=[c for c in Channel.choices if c[0] != Channel.IN_APP])
    state = CodeFilter(label="Trạng thái", empty_label="Mọi trạng thái", choices=Delivery.State.choices)
    kind = CodeFilter(label="Loại", empty_label="Mọi loại", choices=Kind.choices)

    class Meta:
        model = Delivery
        fields = ["channel", "state", "kind"]
