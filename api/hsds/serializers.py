"""Translate the service map's rows into Open Referral HSDS 3.0 objects; no query, no rule here.

HSDS fields are plain strings or numbers (null is not allowed), so an empty value is left out.
Text comes in the request's language (Accept-Language: en gives the English text when there is
one, French otherwise). Ids are UUIDs: the rows' own, or derived from them with UUIDv5 for the
objects the model holds in a field (a phone, a language, the territory served).
"""

import uuid

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext as _
from rest_framework import serializers

from core import hsds
from core.bilingual import bilingual, reads_english


def _compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _derived_id(owner: uuid.UUID, name: str) -> str:
    return str(uuid.uuid5(owner, name))


def phone(number: str, *, owner: uuid.UUID, **links) -> list[dict]:
    if not number:
        return []
    return [
        _compact(
            {"id": _derived_id(owner, "phone"), **{k: str(v) for k, v in links.items()}, "number": number}
        )
        | {"type": "voice"}
    ]


def schedule(row, **links) -> dict:
    return _compact(
        {
            "id": str(row.uuid),
            **{k: str(v) for k, v in links.items()},
            "freq": "WEEKLY",
            "byday": ",".join(row.weekdays),
            "opens_at": row.opens_at.strftime("%H:%M"),
            "closes_at": row.closes_at.strftime("%H:%M"),
            "valid_from": row.valid_from.isoformat() if row.valid_from else None,
            "valid_to": row.valid_to.isoformat() if row.valid_to else None,
            "description": row.note,
        }
    )


def language(code: str, *, service_uuid: uuid.UUID) -> dict:
    info = LANG_INFO.get(code, {})
    name = info.get("name" if reads_english() else "name_local", "")
    return _compact(
        {
            "id": _derived_id(service_uuid, f"language:{code}"),
            "service_id": str(service_uuid),
            "name": name,
            "code": code,
        }
    )


def taxonomy_term(term: hsds.TaxonomyTerm) -> dict:
    return {
        "id": str(term.id),
        "code": term.code,
        "name": str(term.name),
        "description": str(term.name),
        "taxonomy": str(hsds.AUDIENCE_TAXONOMY_NAME),
        "taxonomy_id": str(hsds.AUDIENCE_TAXONOMY_ID),
        "taxonomy_detail": {
            "id": str(hsds.AUDIENCE_TAXONOMY_ID),
            "name": str(hsds.AUDIENCE_TAXONOMY_NAME),
            "description": str(hsds.AUDIENCE_TAXONOMY_DESCRIPTION),
        },
        "language": "en" if reads_english() else "fr",
    }


def organization_summary(partner) -> dict:
    return _compact(
        {
            "id": str(partner.uuid),
            "name": partner.name,
            "alternate_name": partner.acronym,
            "email": partner.email,
            "website": partner.website,
        }
    ) | {"description": partner.description}


def program_summary(program) -> dict:
    return _compact(
        {"id": str(program.uuid), "name": bilingual(program, "name"), "alternate_name": program.code}
    ) | {"description": bilingual(program, "description")}


def location(point, *, organization_uuid: uuid.UUID) -> dict:
    data = {
        "id": str(point.uuid),
        "location_type": "physical",
        "organization_id": str(organization_uuid),
        "name": point.name,
        "description": _("Sur rendez-vous seulement") if point.by_appointment_only else "",
        "latitude": float(point.latitude) if point.latitude is not None else None,
        "longitude": float(point.longitude) if point.longitude is not None else None,
        "phones": phone(point.phone, owner=point.uuid, location_id=point.uuid),
        "schedules": [schedule(row, location_id=point.uuid) for row in point.schedules.all()],
    }
    if point.address:
        data["addresses"] = [
            {
                "id": _derived_id(point.uuid, "address"),
                "location_id": str(point.uuid),
                "address_1": point.address,
                "city": point.city,
                "state_province": "QC",
                "postal_code": point.postal_code,
                "country": "CA",
                "address_type": "physical",
            }
        ]
    return _compact(data)


class ServiceSerializer(serializers.BaseSerializer):
    """A service: its one-to-one fields (lists), or fully nested (`full`: detail, ?full=true)."""

    def __init__(self, *args, full: bool = False, **kwargs):
        self.full = full
        super().__init__(*args, **kwargs)

    def to_representation(self, service):
        program = service.program
        data = {
            "id": str(service.uuid),
            "organization_id": str(service.partner.uuid),
            "program_id": str(program.uuid) if program else None,
            "name": bilingual(service, "name"),
            "alternate_name": service.name_fr if reads_english() and service.name_en else service.name_en,
            "description": bilingual(service, "description"),
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "application_process": bilingual(service, "application_process"),
            "fees_description": bilingual(service, "fees"),
            "eligibility_description": bilingual(service, "eligibility"),
            "minimum_age": program.age_min if program else None,
            "maximum_age": program.age_max if program else None,
            "assured_date": service.assured_date.isoformat() if service.assured_date else None,
            "last_modified": service.updated_at.isoformat(),
            "organization": organization_summary(service.partner),
            "program": program_summary(program) if program else None,
        }
        if self.full:
            data |= {
                "phones": phone(service.phone, owner=service.uuid, service_id=service.uuid),
                "schedules": [schedule(row, service_id=service.uuid) for row in service.schedules.all()],
                "service_areas": service_areas(service),
                "languages": [language(code, service_uuid=service.uuid) for code in service.languages],
                "service_at_locations": [
                    _compact(
                        {
                            "id": str(hsds.service_at_location_uuid(service, point)),
                            "service_id": str(service.uuid),
                            "location_id": str(point.uuid),
                            "location": location(point, organization_uuid=service.partner.uuid),
                        }
                    )
                    for point in service.service_points.all()
                ],
                "attributes": [audience_attribute(service)],
            }
        return _compact(data)


def service_areas(service) -> list[dict]:
    if not service.territory:
        return []
    return [
        {
            "id": _derived_id(service.uuid, "service_area"),
            "service_id": str(service.uuid),
            "name": service.territory,
            "description": service.territory,
        }
    ]


def audience_attribute(service) -> dict:
    term = hsds.audience_term(service.audience)
    return {
        "id": _derived_id(service.uuid, f"attribute:{term.id}"),
        "link_id": str(service.uuid),
        "link_type": "audience",
        "link_entity": "service",
        "taxonomy_term_id": str(term.id),
        "taxonomy_term": taxonomy_term(term),
    }


class OrganizationSerializer(serializers.BaseSerializer):
    """An organisation: its one-to-one fields (lists), or with its phones, places and services."""

    def __init__(self, *args, full: bool = False, **kwargs):
        self.full = full
        super().__init__(*args, **kwargs)

    def to_representation(self, partner):
        data = organization_summary(partner)
        if self.full:
            data |= _compact(
                {
                    "phones": phone(partner.phone, owner=partner.uuid, organization_id=partner.uuid),
                    "locations": [
                        location(point, organization_uuid=partner.uuid) for point in partner.public_points
                    ],
                    "services": [
                        _compact(
                            {
                                "id": str(service.uuid),
                                "organization_id": str(partner.uuid),
                                "name": bilingual(service, "name"),
                                "description": bilingual(service, "description"),
                                "status": service.status,
                                "last_modified": service.updated_at.isoformat(),
                            }
                        )
                        for service in partner.published_services
                    ],
                }
            )
        return data


class ServiceAtLocationSerializer(serializers.BaseSerializer):
    """A service offered at a place: the place, its phone and hours, and the service's summary."""

    def to_representation(self, row):
        service, point = row.service, row.servicepoint
        return _compact(
            {
                "id": str(hsds.service_at_location_uuid(service, point)),
                "service_id": str(service.uuid),
                "location_id": str(point.uuid),
                "location": location(point, organization_uuid=service.partner.uuid),
                "service": ServiceSerializer(service).data,
            }
        )
