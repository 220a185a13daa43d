"""The one loader of a region's demo content: reads `demo/data/<slug>.yaml` inside the region's schema.

A data file holds the seeds' facts as published (organisations, service points, funders, strategy,
team, programs, agreements with their parties, objectives, deliverables and targets, committees,
the service map, dated activities) under keys that later sections refer to, then the synthetic
generators to run (demo.synthetic) with the published figures they must reproduce. No code is
written per region: a new region's demo is a new file.

Rows are created through core.services, with their validation, as any other creation; a second
load finds each row by its natural key and only refreshes its fields, so loading twice adds nothing.
The generators bulk-create their thousands of synthetic rows instead (demo.synthetic), once.
"""

# Seeded, reproducible pseudo-randomness for fictitious demo data; nothing here is a secret.
# ruff: noqa: S311

import datetime as dt
import random
from collections import defaultdict
from pathlib import Path

import yaml
from django.apps import apps
from django.db import transaction

from accounts.models import User
from core import services
from core.models import (
    Activity,
    Agreement,
    AgreementParty,
    Committee,
    CommitteeMeeting,
    Deliverable,
    Funder,
    Objective,
    Participant,
    Partner,
    Program,
    Schedule,
    Service,
    ServicePoint,
    Strategy,
    TeamMember,
    TeamRole,
)
from demo.synthetic import GENERATORS, day, reach_by_band, split

DATA_DIR = Path(__file__).resolve().parent / "data"

# Field -> the section of the data file its key refers to.
REFERENCES = {
    "partner": "partners",
    "operator": "partners",
    "employer": "partners",
    "convener": "partners",
    "organizer": "partners",
    "funder": "funders",
    "strategy": "strategies",
    "service_point": "service_points",
    "program": "programs",
    "responsible": "team",
    "agreement": "agreements",
    "deliverable": "deliverables",
}


def region_data(slug: str) -> dict | None:
    path = DATA_DIR / f"{slug}.yaml"
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def demo_region_slugs() -> list[str]:
    """Every region with a data file, in the files' `region.position` order."""
    slugs = [path.stem for path in DATA_DIR.glob("*.yaml")]
    return sorted(slugs, key=lambda slug: (region_data(slug)["region"].get("position", 0), slug))


def content_counts() -> dict[str, int]:
    """Rows per model of the core app in the current schema."""
    return {model.__name__: model.objects.count() for model in apps.get_app_config("core").get_models()}


def load_region_content(slug: str) -> dict:
    """Load the data file of the region `slug` into the current schema (idempotent); counts by model."""
    data = region_data(slug)
    if data is not None:
        with transaction.atomic():
            RegionContent(data).load()
    return content_counts()


def _ensure(model, lookup: dict, fields: dict, create):
    """The row found by `lookup` with `fields` refreshed, or `create(**lookup, **fields)` (a service)."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        return create(**lookup, **fields)
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return row


class RegionContent:
    """Loads one data file section by section; `refs[section][key]` holds the rows loaded so far."""

    def __init__(self, data: dict):
        self.data = data
        self.slug = data["region"]["slug"]
        self.refs: dict[str, dict] = defaultdict(dict)

    def section(self, name: str):
        return self.data.get(name) or {}

    def resolve(self, fields: dict) -> dict:
        """The fields with every reference key replaced by its row."""
        return {
            name: self.refs[REFERENCES[name]][value] if name in REFERENCES and value is not None else value
            for name, value in fields.items()
        }

    def many(self, section: str, keys) -> list:
        return [self.refs[section][key] for key in keys or ()]

    def load(self) -> None:
        for key, fields in self.section("partners").items():
            self.refs["partners"][key] = self.partner(**fields)
        for key, fields in self.section("service_points").items():
            fields = self.resolve(fields)
            lookup = {"partner": fields.pop("partner"), "name": fields.pop("name")}
            schedules = fields.pop("schedules", ())
            point = _ensure(ServicePoint, lookup, fields, services.service_point_create)
            self.refs["service_points"][key] = point
            for schedule in schedules:
                opens_at = dt.time.fromisoformat(schedule["opens_at"])
                if not Schedule.objects.filter(service_point=point, opens_at=opens_at).exists():
                    closes_at = dt.time.fromisoformat(schedule["closes_at"])
                    services.schedule_add(
                        service_point=point,
                        weekdays=schedule["weekdays"],
                        opens_at=opens_at,
                        closes_at=closes_at,
                    )
        for key, fields in self.section("funders").items():
            fields = self.resolve(fields)
            lookup = {"name": fields.pop("name")}
            self.refs["funders"][key] = _ensure(Funder, lookup, fields, services.funder_create)
        for key, fields in self.section("strategies").items():
            self.refs["strategies"][key] = self.strategy(**fields)
        for position in self.section("positions"):
            self.vacant_positions(**position)
        for code, fields in self.section("programs").items():
            self.refs["programs"][code] = self.program(code, **fields)
        for member in self.section("team"):
            member = dict(member)
            key = member.pop("key", member["full_name"])
            self.refs["team"][key] = self.team_member(**member)
        for key, fields in self.section("agreements").items():
            self.refs["agreements"][key] = self.agreement(**fields)
        for committee in self.section("committees"):
            self.committee(**committee)
        for service in self.section("services"):
            self.service(**service)
        for generator in self.section("synthetic"):
            params = dict(generator)
            GENERATORS[params.pop("generator")](self.refs, **params)
        for activity in self.section("activities"):
            self.activity(**activity)
        for series in self.section("activity_series"):
            self.activity_series(**series)
        if self.section("demo_accounts"):
            self.link_demo_accounts(**self.section("demo_accounts"))

    # Rows -------------------------------------------------------------------------------------

    def partner(self, *, name: str, **fields) -> Partner:
        partner = Partner.objects.filter(name__iexact=name).first()
        if partner is None:
            return services.partner_create(name=name, **fields)
        for field, value in fields.items():
            setattr(partner, field, value)
        partner.save()
        return partner

    def strategy(self, *, name: str, objectives=(), objective_status=None, **fields) -> Strategy:
        strategy = _ensure(Strategy, {"name": name}, fields, services.strategy_create)
        status = {"status": objective_status} if objective_status else {}
        for position, text in enumerate(objectives, 1):
            self.objective({"strategy": strategy}, position, text=text, **status)
        return strategy

    def objective(self, owner: dict, position: int, **fields) -> Objective:
        return _ensure(Objective, {**owner, "position": position}, fields, services.objective_add)

    def vacant_positions(self, *, team: str, count: int, title: str, role: str) -> None:
        """Positions published without names: "<title> — poste <n>"."""
        for n in range(1, count + 1):
            self.team_member(
                full_name=f"{title} — poste {n}", team=team, title=title, role=role, is_vacant_position=True
            )

    def program(self, code: str, *, funders=(), **fields) -> Program:
        funders = self.many("funders", funders)
        program = Program.objects.filter(code=code).first()
        if program is None:
            return services.program_create(code=code, funders=funders, **self.resolve(fields))
        program = _ensure(Program, {"code": code}, self.resolve(fields), services.program_create)
        program.funders.set(funders)
        return program

    def team_member(self, *, full_name: str, team: str, programs=None, **fields) -> TeamMember:
        lookup = {"full_name": full_name, "team": team}
        member = _ensure(TeamMember, lookup, self.resolve(fields), services.team_member_create)
        if programs is not None:
            member.programs.set(self.many("programs", programs))
        return member

    def agreement(
        self, *, title: str, programs=(), parties=(), objectives=(), deliverables=None, targets=(), **fields
    ) -> Agreement:
        parties = [self.resolve(party) for party in parties]
        agreement = Agreement.objects.filter(title=title).first()
        if agreement is None:
            agreement = services.agreement_create(
                title=title,
                parties=[services.PartySpec(**party) for party in parties],
                programs=self.many("programs", programs),
                **self.resolve(fields),
            )
        else:
            agreement = _ensure(Agreement, {"title": title}, self.resolve(fields), services.agreement_create)
            agreement.programs.set(self.many("programs", programs))
            for party in parties:
                partner, funder = party.get("partner"), party.get("funder")
                lookup = {"agreement": agreement, **({"partner": partner} if partner else {"funder": funder})}
                _ensure(AgreementParty, lookup, party, services.agreement_party_add)
        for position, objective in enumerate(objectives, 1):
            self.objective({"agreement": agreement}, position, **objective)
        for position, (key, fields) in enumerate((deliverables or {}).items(), 1):
            fields = dict(fields)
            lookup = {"agreement": agreement, "title": fields.pop("title")}
            self.refs["deliverables"][key] = _ensure(
                Deliverable, lookup, {"position": position, **fields}, services.deliverable_create
            )
        for target in targets:
            services.indicator_target_set(agreement=agreement, **self.resolve(target))
        return agreement

    def committee(self, *, name: str, partners=(), meetings=(), **fields) -> Committee:
        fields.setdefault("kind", Committee._meta.get_field("kind").default)
        committee = _ensure(Committee, {"name": name}, self.resolve(fields), services.committee_create)
        committee.partners.add(*self.many("partners", partners))
        for meeting in meetings:
            meeting = dict(meeting)
            lookup = {"committee": committee, "date": meeting.pop("date")}
            _ensure(CommitteeMeeting, lookup, meeting, services.committee_meeting_record)
        return committee

    def service(self, *, partner: str, name_fr: str, points=(), **fields) -> Service:
        lookup = {"partner": self.refs["partners"][partner], "name_fr": name_fr}
        points = self.many("service_points", points)
        if not Service.objects.filter(**lookup).exists():
            return services.service_create(**lookup, service_points=points, **self.resolve(fields))
        service = _ensure(Service, lookup, self.resolve(fields), services.service_create)
        service.service_points.set(points)
        return service

    def activity(self, *, title: str, start_date, reach=None, attendees=None, **fields) -> Activity:
        lookup = {"title": title, "start_date": start_date}
        people = self.attendees(**attendees) if attendees else []
        if not Activity.objects.filter(**lookup).exists():
            return services.activity_create(
                **lookup, reach=reach, participants=people, **self.resolve(fields)
            )
        activity = _ensure(Activity, lookup, self.resolve(fields), services.activity_create)
        for band, headcount in (reach or {}).items():
            services.activity_reach_set(activity=activity, age_band=band, headcount=headcount)
        attending = set(activity.attendances.values_list("participant_id", flat=True))
        for person in people:
            if person.pk not in attending:
                services.activity_attendance_add(activity=activity, participant=person)
        return activity

    def attendees(self, *, enrolled_in: str, first: int, slice=None) -> list[Participant]:
        """The first synthetic participants (by file number) of a program, or a slice of them."""
        people = list(
            Participant.objects.filter(
                enrollments__program=self.refs["programs"][enrolled_in], is_synthetic=True
            ).order_by("code")[:first]
        )
        return people[slice[0] : slice[1]] if slice else people

    def activity_series(
        self, *, title: str, count: int, reach_total: int, split_seed: str, **spec
    ) -> list[Activity]:
        """`count` numbered activities sharing `reach_total` people (published), each one's date and
        split by age invented; a list value is taken in turn (item n % len for the n-th)."""
        date_between = spec.pop("date_between", None)
        date_seed, reach_seed = spec.pop("date_seed", None), spec.pop("reach_seed", None)
        reach_band = spec.pop("reach_band", None)
        made = []
        for n, headcount in enumerate(split(reach_total, count, random.Random(split_seed)), 1):
            fields = {
                name: value[n % len(value)] if isinstance(value, list) else value
                for name, value in spec.items()
            }
            start = fields.pop("date", None)
            if date_between:
                start = day(random.Random(date_seed.format(n=n)), *date_between)
            reach = (
                reach_by_band(headcount, random.Random(reach_seed.format(n=n)))
                if reach_seed
                else {reach_band: headcount}
            )
            made.append(self.activity(title=title.format(n=n), start_date=start, reach=reach, **fields))
        return made

    # The demo accounts (created by demo.platform before the content) linked to it ---------------

    def link_demo_accounts(self, *, agent: str, funder: str, team: str, employer: str) -> None:
        slug = self.slug
        users = {u.email: u for u in User.objects.filter(email__endswith=f"@{slug}.demo")}
        members = [(users.get(f"agent@{slug}.demo"), self.refs["team"][agent])]
        for prefix, full_name, role in (
            ("coordination", "Coordination (démo)", TeamRole.COORDINATION),
            ("admin", "Direction (démo)", TeamRole.DIRECTION),
        ):
            member = self.team_member(
                full_name=full_name, team=team, role=role, title=str(role.label), employer=employer
            )
            members.append((users.get(f"{prefix}@{slug}.demo"), member))
        for user, member in members:
            if user is not None:
                TeamMember.objects.filter(user=user).exclude(pk=member.pk).update(user=None)
                member.user = user
                member.email = user.email
                member.save(update_fields=["user", "email", "updated_at"])
        funder_user = users.get(f"funder@{slug}.demo")
        if funder_user is not None:
            self.refs["funders"][funder].accounts.add(funder_user)
