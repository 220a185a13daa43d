"""`/api/v1/network/opt-ins/` on a region's host: the direction links the region's own funder to a
network funder and opts in or out (network.services; each change is in the region's access trail).

- `GET`: every network funder with this region's link (`funder`, its Funder id) and opt-in state;
- `POST {"network_funder": slug, "funder": id}`: links (when `funder` is given) and opts in;
- `DELETE opt-ins/<slug>/`: opts out; the region leaves that funder's network view at once.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import RegionAdminPermission
from network import services
from network.access import region_network_for_actor
from network.models import NetworkFunder


class NetworkOptInPermission(RegionAdminPermission):
    message = _("Seule la direction de la région gère l'adhésion au réseau.")


class OptInOut(serializers.Serializer):
    network_funder = serializers.CharField(help_text="The network funder's slug.")
    network_funder_name = serializers.CharField()
    funder = serializers.IntegerField(allow_null=True, help_text="This region's Funder id linked to it.")
    active = serializers.BooleanField()
    set_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)


class OptInIn(serializers.Serializer):
    network_funder = serializers.SlugField(max_length=40)
    funder = serializers.IntegerField(min_value=1, required=False)


def _row(item: dict) -> dict:
    link, opt_in = item["link"], item["opt_in"]
    return {
        "network_funder": item["network_funder"].slug,
        "network_funder_name": item["network_funder"].name,
        "funder": link.funder_id if link else None,
        "active": bool(opt_in and opt_in.active),
        "set_at": opt_in.set_at if opt_in else None,
        "revoked_at": opt_in.revoked_at if opt_in else None,
    }


def _network_funder(slug: str) -> NetworkFunder:
    funder = NetworkFunder.objects.filter(slug=slug).first()
    if funder is None:
        raise serializers.ValidationError({"network_funder": [_("Bailleur de fonds du réseau inconnu.")]})
    return funder


def _state(request, slug: str) -> dict:
    rows = region_network_for_actor(actor=request.user, region=request.tenant)
    return _row(next(item for item in rows if item["network_funder"].slug == slug))


@extend_schema(tags=["network"])
class NetworkOptInListView(APIView):
    permission_classes = [NetworkOptInPermission]

    @extend_schema(responses={200: OptInOut(many=True)})
    def get(self, request):
        rows = region_network_for_actor(actor=request.user, region=request.tenant)
        return Response(OptInOut([_row(item) for item in rows], many=True).data)

    @extend_schema(request=OptInIn, responses={201: OptInOut})
    def post(self, request):
        data = OptInIn(data=request.data)
        data.is_valid(raise_exception=True)
        funder = _network_funder(data.validated_data["network_funder"])
        if "funder" in data.validated_data:
            services.region_link_set(
                actor=request.user,
                region=request.tenant,
                network_funder=funder,
                funder_id=data.validated_data["funder"],
            )
        services.region_opt_in(actor=request.user, region=request.tenant, network_funder=funder)
        return Response(OptInOut(_state(request, funder.slug)).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["network"])
class NetworkOptInDetailView(APIView):
    permission_classes = [NetworkOptInPermission]

    @extend_schema(responses={204: OpenApiResponse(description="Opted out (or was not opted in).")})
    def delete(self, request, slug: str):
        funder = NetworkFunder.objects.filter(slug=slug).first()
        if funder is None:
            raise Http404
        services.region_opt_out(actor=request.user, region=request.tenant, network_funder=funder)
        return Response(status=status.HTTP_204_NO_CONTENT)
