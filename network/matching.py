"""Ranking volunteers for a support request, with the reasons for each rank.

Pure functions over plain values: the database work happens in network.support_requests.

The rules, in order:

1. Tiers, compared lexicographically: a volunteer who is available at the time, free of
   conflicting assignments *and* trained is eligible, and every eligible volunteer ranks
   above every one who is not. Among the others, available-and-free comes before trained.
2. Within a tier, a score: speaks the client's language (30), experienced in the sector (25),
   has accompanied the same client before (20), near the place (up to 20, falling to 0 at
   25 km), fair share of recent work (15, minus 5 per assignment in the last 30 days).
3. Equal tier and score is a tie: tied volunteers share a rank and are marked as tied; they
   are listed by name and then by id, so the order never changes between two looks.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from geo.distance import geodesic_m

LANGUAGE_POINTS = 30
SECTOR_POINTS = 25
CONTINUITY_POINTS = 20
NEAR_POINTS = 20
NEAR_LIMIT_KM = 25.0
FAIR_POINTS = 15
FAIR_STEP = 5
RECENT_DAYS = 30
# Time kept free around another assignment, to get from one place to the next.
TRAVEL_BUFFER = timedelta(minutes=30)
END_OF_DAY = time(23, 59, 59, 999999)


@dataclass(frozen=True)
class Slot:
    """A weekly period when a volunteer is usually free (0 = Monday, local time)."""

    weekday: int
    starts: time
    ends: time


@dataclass(frozen=True)
class DatedChange:
    """A dated change: away (all day when no hours) or free at extra hours."""

    day: date
    available: bool
    starts: time | None = None
    ends: time | None = None


@dataclass(frozen=True)
class Need:
    """What a request needs: local start and end, language, sector, place, client."""

    starts: datetime
    ends: datetime
    language: str
    sector: str
    latitude: float | None = None
    longitude: float | None = None
    client_key: str | None = None


@dataclass(frozen=True)
class Candidate:
    """What is known of a volunteer for one request.

    `busy` holds the (start, end) of the volunteer's other assignments, in the same clock as
    the need; `recent` counts their assignments in the last RECENT_DAYS days.
    """

    volunteer_id: int
    name: str
    slots: Sequence[Slot] = ()
    dated: Sequence[DatedChange] = ()
    busy: Sequence[tuple[datetime, datetime]] = ()
    trained: bool = False
    languages: Sequence[str] = ()
    experience: Sequence[str] = ()
    latitude: float | None = None
    longitude: float | None = None
    recent: int = 0
    served_client: bool = False


@dataclass(frozen=True)
class Reason:
    """One rule's verdict for a candidate: its code, whether it is met, points and details."""

    code: str
    ok: bool
    points: int = 0
    detail: dict = field(default_factory=dict)


@dataclass
class Ranked:
    """A candidate with its tier, score, reasons and place in the ranking."""

    candidate: Candidate
    available: bool
    trained: bool
    score: int
    reasons: list[Reason]
    rank: int = 0
    tied: bool = False

    @property
    def eligible(self) -> bool:
        """Available, free and trained: may be assigned."""
        return self.available and self.trained

    @property
    def tier(self) -> tuple[bool, bool, bool]:
        """The lexicographic tier: eligible, then available-and-free, then trained."""
        return (self.eligible, self.available, self.trained)


@dataclass
class Ranking:
    """Every candidate ranked; `nobody_available` when no one is eligible."""

    ranked: list[Ranked]

    @property
    def eligible(self) -> list[Ranked]:
        """The candidates who may be assigned, best first."""
        return [r for r in self.ranked if r.eligible]

    @property
    def nobody_available(self) -> bool:
        """Whether no volunteer is available, free and trained at the time."""
        return not self.eligible


def _merge(periods: Iterable[tuple[time, time]]) -> list[tuple[time, time]]:
    """Periods sorted, with overlapping and touching ones joined."""
    merged: list[tuple[time, time]] = []
    for starts, ends in sorted(periods):
        if merged and starts <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], ends))
        else:
            merged.append((starts, ends))
    return merged


def is_available(slots: Sequence[Slot], dated: Sequence[DatedChange], starts: datetime,
                 ends: datetime) -> bool:
    """Whether the whole of [starts, ends) falls in the volunteer's free time.

    A dated "away" change overlapping the time (or without hours: all day) wins; then the
    weekly periods of the day and the dated extra hours together, touching periods joined.
    Times are local wall-clock times; a need crossing midnight is never covered.
    """
    day = starts.date()
    if ends.date() != day and not (ends.date() == day + timedelta(days=1)
                                   and ends.time() == time(0)):
        return False
    begin = starts.time()
    finish = END_OF_DAY if ends.date() != day else ends.time()
    changes = [c for c in dated if c.day == day]
    for change in changes:
        if change.available:
            continue
        if change.starts is None or (change.starts < finish and begin < change.ends):
            return False
    free = [(s.starts, s.ends) for s in slots if s.weekday == day.weekday()]
    free += [(c.starts, c.ends) for c in changes if c.available and c.starts and c.ends]
    return any(s <= begin and finish <= e for s, e in _merge(free))


def conflicts(busy: Sequence[tuple[datetime, datetime]], starts: datetime, ends: datetime,
              buffer: timedelta = TRAVEL_BUFFER) -> list[tuple[datetime, datetime]]:
    """The other assignments that overlap the time, travel buffer included."""
    return [(s, e) for s, e in busy if s - buffer < ends and starts < e + buffer]


def distance_km(need: Need, candidate: Candidate) -> float | None:
    """The distance from the volunteer's home to the place, when both are known."""
    if None in (need.latitude, need.longitude, candidate.latitude, candidate.longitude):
        return None
    return geodesic_m(candidate.latitude, candidate.longitude, need.latitude,
                      need.longitude) / 1000.0


def assess(need: Need, candidate: Candidate) -> Ranked:
    """A candidate's tier, score and reasons for a need (not yet ranked)."""
    available = is_available(candidate.slots, candidate.dated, need.starts, need.ends)
    clashes = conflicts(candidate.busy, need.starts, need.ends)
    reasons = [
        Reason("available", available),
        Reason("free", not clashes, detail={"count": len(clashes)}),
        Reason("trained", candidate.trained),
    ]
    language = need.language in candidate.languages
    reasons.append(Reason("language", language, LANGUAGE_POINTS if language else 0,
                          {"language": need.language}))
    sector = need.sector in candidate.experience
    reasons.append(Reason("sector", sector, SECTOR_POINTS if sector else 0,
                          {"sector": need.sector}))
    if need.client_key:
        same = candidate.served_client
        reasons.append(Reason("continuity", same, CONTINUITY_POINTS if same else 0))
    km = distance_km(need, candidate)
    if km is None:
        reasons.append(Reason("near", False, 0, {"km": None}))
    else:
        near = round(NEAR_POINTS * max(0.0, 1.0 - km / NEAR_LIMIT_KM))
        reasons.append(Reason("near", near > 0, near, {"km": round(km, 1)}))
    fair = max(0, FAIR_POINTS - FAIR_STEP * candidate.recent)
    reasons.append(Reason("fair_share", fair == FAIR_POINTS, fair,
                          {"recent": candidate.recent, "days": RECENT_DAYS}))
    return Ranked(candidate=candidate, available=available and not clashes,
                  trained=candidate.trained, score=sum(r.points for r in reasons),
                  reasons=reasons)


def rank(need: Need, candidates: Iterable[Candidate]) -> Ranking:
    """Every candidate assessed and ranked by tier, then score; ties share a rank."""
    assessed = [assess(need, c) for c in candidates]
    assessed.sort(key=lambda r: (
        tuple(not flag for flag in r.tier), -r.score, r.candidate.name.casefold(),
        r.candidate.volunteer_id))
    for position, item in enumerate(assessed, start=1):
        previous = assessed[position - 2] if position > 1 else None
        if previous is not None and (previous.tier, previous.score) == (item.tier, item.score):
            item.rank = previous.rank
            previous.tied = item.tied = True
        else:
            item.rank = position
    return Ranking(assessed)
