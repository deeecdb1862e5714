"""The network's tables; importing this package registers them all."""

from network.models.accounts import Role, User
from network.models.areas import Area
from network.models.contacts import Contact, ContactScope
from network.models.geodata import (
    CandidateSite,
    GeocodeCacheEntry,
    NetworkChange,
    PopulationDataset,
)
from network.models.offerings import Offering, PointOffering, ServiceMode
from network.models.organisations import Organisation, OrganisationKind
from network.models.pairs import PairWorker, WorkerPair
from network.models.participation import (
    AgendaItem,
    ClientPanel,
    Compensation,
    DiscussionEvent,
    ExperienceExpert,
    ExpertTask,
    Feedback,
    ModelText,
    PanelMeeting,
    PanelMember,
    PanelRole,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyAudience,
    SurveyInvitation,
    SurveyKind,
    SurveyQuestion,
    SurveyResponse,
    TopicSource,
)
from network.models.points import (
    OpeningHours,
    PointKind,
    PointStatus,
    ScheduleException,
    ServicePoint,
    TargetGroup,
)
from network.models.roster import GroupRole, RosterMember
from network.models.support import (
    ClientAccessLog,
    IntakeChannel,
    RequestStatus,
    SupportMessage,
    SupportRequest,
    VisitReport,
)
from network.models.training import (
    CourseKind,
    CourseParticipant,
    Meetup,
    MeetupAttendance,
    MeetupSeason,
    SessionAttendance,
    TrainingCourse,
    TrainingSession,
    VolunteerChecklist,
)
from network.models.visits import ShiftRequest, ShiftRequestStatus, VisitorCount
from network.models.volunteers import (
    AvailabilityException,
    DebriefingRequest,
    ServiceSetting,
    Volunteer,
    VolunteerInterview,
    VolunteerStatus,
    VolunteerThanks,
    WeeklyAvailability,
)

__all__ = [
    "Area", "CandidateSite", "Contact", "ContactScope", "GeocodeCacheEntry", "GroupRole",
    "NetworkChange", "PopulationDataset", "Offering", "OpeningHours", "Organisation",
    "OrganisationKind", "PairWorker", "PointKind", "PointOffering", "PointStatus", "Role",
    "RosterMember", "ScheduleException", "ServiceMode", "ServicePoint", "TargetGroup", "User",
    "WorkerPair",
    # Issue 6: the volunteer bank, training, support requests, point dashboard records.
    "AvailabilityException", "ClientAccessLog", "CourseKind", "CourseParticipant",
    "DebriefingRequest", "IntakeChannel", "Meetup", "MeetupAttendance", "MeetupSeason",
    "RequestStatus", "ServiceSetting", "SessionAttendance", "ShiftRequest", "ShiftRequestStatus",
    "SupportMessage", "SupportRequest", "TrainingCourse", "TrainingSession", "VisitReport",
    "VisitorCount", "Volunteer", "VolunteerChecklist", "VolunteerInterview", "VolunteerStatus",
    "VolunteerThanks", "WeeklyAvailability",
    # Issue 7: participation (feedback, surveys, panels, experts) and the model's texts.
    "AgendaItem", "ClientPanel", "Compensation", "DiscussionEvent", "ExperienceExpert",
    "ExpertTask", "Feedback", "ModelText", "PanelMeeting", "PanelMember", "PanelRole",
    "QuestionKind", "Survey", "SurveyAnswer", "SurveyAudience", "SurveyInvitation", "SurveyKind",
    "SurveyQuestion", "SurveyResponse", "TopicSource",
]
