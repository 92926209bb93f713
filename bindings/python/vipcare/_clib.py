"""Loading libvipcare and declaring the C functions this package calls.

The library is loaded by its SONAME, ``libvipcare.so.1``, so the dynamic
loader's usual search applies (LD_LIBRARY_PATH, the ld.so cache, the
system directories). The environment variable ``VIPCARE_LIBRARY`` points
at another copy instead: the path of the shared object itself (for a build
tree, ``build/lib/libvipcare.so.1``) or of the directory holding it.

Every function the package calls is declared in ``_SIGNATURES`` below with
its exact argument and return types, from the public headers. Nothing is
called through an undeclared prototype: ctypes would then pass every
integer as a C ``int`` and truncate 64-bit timestamps and amounts.
"""

import ctypes
import os

from .errors import LibraryNotFound

#: The version of the C API this package was written against (1.0.0), in
#: the form of vipcare_version_number(): major * 10000 + minor * 100 + patch.
WRITTEN_FOR = 10000
SONAME = "libvipcare.so.1"
ENVIRONMENT_VARIABLE = "VIPCARE_LIBRARY"

c_int = ctypes.c_int
c_int32 = ctypes.c_int32
c_int64 = ctypes.c_int64
c_uint32 = ctypes.c_uint32
c_size_t = ctypes.c_size_t
c_char_p = ctypes.c_char_p
c_void_p = ctypes.c_void_p
c_void_pp = ctypes.POINTER(ctypes.c_void_p)

# The letters of the signature table.
_TYPES = {
    "v": None,  # void (return only)
    "i": c_int,
    "i32": c_int32,
    "i64": c_int64,
    "u32": c_uint32,
    "z": c_size_t,
    "s": c_char_p,  # const char * (NUL-terminated text, in or out)
    "b": c_char_p,  # char * buffer the library writes into
    "p": c_void_p,  # a handle
    "pp": c_void_pp,  # a handle out-parameter, or an array of handles
    "*i": ctypes.POINTER(c_int),
    "*i32": ctypes.POINTER(c_int32),
    "*i64": ctypes.POINTER(c_int64),
    "*z": ctypes.POINTER(c_size_t),
    "*s": ctypes.POINTER(c_char_p),  # const char *const * or char **
}

# name: (return type, argument types), as in include/vipcare/*.h.
_SIGNATURES = {
    # common.h, version.h
    "vipcare_strerror": ("s", "i"),
    "vipcare_free": ("v", "p"),
    "vipcare_version_number": ("u32", ""),
    "vipcare_version_string": ("s", ""),
    # calendar.h
    "vipcare_date_from_ymd": ("i", "*i32 i32 i32 i32"),
    "vipcare_date_to_ymd": ("i", "i32 *i32 *i32 *i32"),
    "vipcare_date_parse": ("i", "*i32 s z b z"),
    "vipcare_date_format": ("i", "b z i32"),
    "vipcare_timestamp_parse": ("i", "*i64 s z b z"),
    "vipcare_timestamp_format": ("i", "b z i64"),
    "vipcare_timestamp_date": ("i32", "i64"),
    "vipcare_money_parse": ("i", "*i64 s z b z"),
    "vipcare_money_format": ("i", "b z i64"),
    # policy.h
    "vipcare_policy_new": ("i", "pp"),
    "vipcare_policy_copy": ("i", "pp p"),
    "vipcare_policy_ref": ("p", "p"),
    "vipcare_policy_unref": ("p", "p"),
    "vipcare_policy_last_error": ("s", "p"),
    "vipcare_policy_load_file": ("i", "p s"),
    "vipcare_policy_load_string": ("i", "p s z s"),
    "vipcare_policy_to_text": ("i", "p pp"),
    "vipcare_policy_validate": ("i", "p"),
    "vipcare_policy_equal": ("i", "p p"),
    "vipcare_policy_set_name": ("i", "p s"),
    "vipcare_policy_name": ("s", "p"),
    "vipcare_policy_set": ("i", "p i i64"),
    "vipcare_policy_get": ("i", "p i *i64"),
    "vipcare_setting_bounds": ("i", "i *i64 *i64"),
    "vipcare_setting_name": ("s", "i"),
    "vipcare_policy_set_tiers": ("i", "p *s z"),
    "vipcare_policy_tier_count": ("z", "p"),
    "vipcare_policy_tier_name": ("s", "p i"),
    "vipcare_policy_tier_rank": ("i", "p s *i"),
    "vipcare_policy_set_tier_min_spend": ("i", "p i i i64"),
    "vipcare_policy_set_tier_min_visits": ("i", "p i i i32"),
    "vipcare_policy_tier_min_spend": ("i", "p i *i64"),
    "vipcare_policy_tier_min_visits": ("i", "p i *i32"),
    "vipcare_policy_set_vip_min_tier": ("i", "p i"),
    "vipcare_policy_vip_min_tier": ("i", "p"),
    "vipcare_period_name": ("s", "i"),
    "vipcare_policy_benefit_count": ("z", "p"),
    "vipcare_policy_benefit_id": ("s", "p z"),
    "vipcare_policy_benefit_index": ("i", "p s *z"),
    "vipcare_policy_add_benefit": ("i", "p s *z"),
    "vipcare_policy_set_benefit_name": ("i", "p z s"),
    "vipcare_policy_benefit_name": ("s", "p z"),
    "vipcare_policy_set_benefit_min_tier": ("i", "p z i"),
    "vipcare_policy_benefit_min_tier": ("i", "p z"),
    "vipcare_policy_set_benefit_quota": ("i", "p z i i i32"),
    "vipcare_policy_benefit_quota": ("i", "p z i *i *i32"),
    "vipcare_policy_set_benefit_window": ("i", "p z i i32"),
    "vipcare_policy_benefit_window": ("i", "p z *i32"),
    "vipcare_care_kind_name": ("s", "i"),
    "vipcare_care_kind_from_name": ("i", "s"),
    "vipcare_policy_set_care_enabled": ("i", "p i i"),
    "vipcare_policy_care_enabled": ("i", "p i"),
    "vipcare_policy_set_care_min_tier": ("i", "p i i"),
    "vipcare_policy_care_min_tier": ("i", "p i"),
    "vipcare_policy_set_care_marketing": ("i", "p i i"),
    "vipcare_policy_care_marketing": ("i", "p i"),
    "vipcare_policy_set_care_channels": ("i", "p i *i z"),
    "vipcare_policy_care_channels": ("i", "p i *i z"),
    "vipcare_policy_advisor_period": ("i", "p i"),
    "vipcare_policy_set_advisor_period": ("i", "p i i"),
    # engine.h
    "vipcare_channel_name": ("s", "i"),
    "vipcare_channel_from_name": ("i", "s"),
    "vipcare_customer_new": ("i", "pp"),
    "vipcare_customer_ref": ("p", "p"),
    "vipcare_customer_unref": ("p", "p"),
    "vipcare_customer_last_error": ("s", "p"),
    "vipcare_customer_clear": ("v", "p"),
    "vipcare_customer_set_id": ("i", "p s"),
    "vipcare_customer_id": ("s", "p"),
    "vipcare_customer_set_birthday": ("i", "p i32 i32"),
    "vipcare_customer_birthday": ("i", "p *i32 *i32"),
    "vipcare_customer_set_joined": ("i", "p i32"),
    "vipcare_customer_joined": ("i32", "p"),
    "vipcare_customer_set_consent": ("i", "p i i"),
    "vipcare_customer_consent": ("i", "p i"),
    "vipcare_customer_set_marketing_opt_out": ("i", "p i"),
    "vipcare_customer_marketing_opt_out": ("i", "p"),
    "vipcare_customer_set_advisor": ("i", "p s"),
    "vipcare_customer_advisor": ("s", "p"),
    "vipcare_customer_set_override": ("i", "p s i32"),
    "vipcare_customer_override_tier": ("s", "p"),
    "vipcare_customer_override_until": ("i32", "p"),
    "vipcare_transaction_new": ("i", "pp"),
    "vipcare_transaction_ref": ("p", "p"),
    "vipcare_transaction_unref": ("p", "p"),
    "vipcare_transaction_last_error": ("s", "p"),
    "vipcare_transaction_clear": ("v", "p"),
    "vipcare_transaction_set_id": ("i", "p s"),
    "vipcare_transaction_set_customer": ("i", "p s"),
    "vipcare_transaction_set_timestamp": ("i", "p i64"),
    "vipcare_transaction_set_amount": ("i", "p i64"),
    "vipcare_transaction_set_kind": ("i", "p i"),
    "vipcare_transaction_set_store": ("i", "p s"),
    "vipcare_transaction_set_category": ("i", "p s"),
    "vipcare_transaction_set_original": ("i", "p s"),
    "vipcare_transaction_id": ("s", "p"),
    "vipcare_transaction_customer": ("s", "p"),
    "vipcare_transaction_timestamp": ("i64", "p"),
    "vipcare_transaction_amount": ("i64", "p"),
    "vipcare_transaction_kind": ("i", "p"),
    "vipcare_transaction_store": ("s", "p"),
    "vipcare_transaction_category": ("s", "p"),
    "vipcare_transaction_original": ("s", "p"),
    "vipcare_engine_new": ("i", "pp p"),
    "vipcare_engine_ref": ("p", "p"),
    "vipcare_engine_unref": ("p", "p"),
    "vipcare_engine_last_error": ("s", "p"),
    "vipcare_engine_policy": ("p", "p"),
    "vipcare_engine_add_customer": ("i", "p p"),
    "vipcare_engine_add_transaction": ("i", "p p"),
    "vipcare_engine_add_transactions": ("i", "p pp z *z"),
    "vipcare_engine_set_override": ("i", "p s s i32"),
    "vipcare_engine_get_customer": ("i", "p s p"),
    "vipcare_engine_get_transaction": ("i", "p s p"),
    "vipcare_engine_effective_joined": ("i", "p s *i32"),
    "vipcare_engine_customer_count": ("z", "p"),
    "vipcare_engine_transaction_count": ("z", "p"),
    "vipcare_engine_memory_used": ("z", "p"),
    # score.h
    "vipcare_decided_by_name": ("s", "i"),
    "vipcare_score_new": ("i", "pp"),
    "vipcare_score_unref": ("p", "p"),
    "vipcare_engine_score": ("i", "p s i32 p"),
    "vipcare_score_customer": ("s", "p"),
    "vipcare_score_asof": ("i32", "p"),
    "vipcare_score_is_member": ("i", "p"),
    "vipcare_score_tier": ("i", "p"),
    "vipcare_score_tier_name": ("s", "p"),
    "vipcare_score_net_spend": ("i64", "p"),
    "vipcare_score_visits": ("i32", "p"),
    "vipcare_score_first_sale": ("i32", "p"),
    "vipcare_score_last_sale": ("i32", "p"),
    "vipcare_score_lifetime_spend": ("i64", "p"),
    "vipcare_score_decided_by": ("i", "p"),
    "vipcare_score_next_tier": ("i", "p"),
    "vipcare_score_next_tier_name": ("s", "p"),
    "vipcare_score_spend_to_next": ("i64", "p"),
    "vipcare_score_visits_to_next": ("i32", "p"),
    "vipcare_score_tier_expires": ("i32", "p"),
    "vipcare_score_cursor_new": ("i", "pp p i32"),
    "vipcare_score_cursor_unref": ("p", "p"),
    "vipcare_score_cursor_next": ("i", "p pp"),
    "vipcare_score_cursor_count": ("z", "p"),
    # benefits.h
    "vipcare_reason_name": ("s", "i"),
    "vipcare_checkout_new": ("i", "pp"),
    "vipcare_checkout_unref": ("p", "p"),
    "vipcare_engine_checkout": ("i", "p s i64 p"),
    "vipcare_engine_check_benefit": ("i", "p s s i64 p"),
    "vipcare_engine_redeem": ("i", "p s s s i64 i32 p"),
    "vipcare_engine_redemption_count": ("z", "p"),
    # points.h
    "vipcare_engine_points_balance": ("i", "p s i32 *i64 *i32 *i64"),
    "vipcare_engine_redeem_points": ("i", "p s s i64 i64 s"),
    "vipcare_engine_points_redemption_count": ("z", "p"),
    "vipcare_checkout_count": ("z", "p"),
    "vipcare_checkout_customer": ("s", "p"),
    "vipcare_checkout_at": ("i64", "p"),
    "vipcare_checkout_tier": ("i", "p"),
    "vipcare_checkout_tier_name": ("s", "p"),
    "vipcare_checkout_replayed": ("i", "p"),
    "vipcare_checkout_benefit": ("s", "p z"),
    "vipcare_checkout_eligible": ("i", "p z"),
    "vipcare_checkout_reason": ("i", "p z"),
    "vipcare_checkout_left": ("i32", "p z"),
    "vipcare_checkout_period_end": ("i32", "p z"),
    # care.h
    "vipcare_care_outcome_name": ("s", "i"),
    "vipcare_care_outcome_from_name": ("i", "s"),
    "vipcare_engine_record_care": ("i", "p s i s i32 i"),
    "vipcare_engine_care_count": ("z", "p"),
    "vipcare_engine_care_recorded": ("i", "p s i s"),
    "vipcare_agenda_new": ("i", "pp p i32 i32"),
    "vipcare_agenda_unref": ("p", "p"),
    "vipcare_agenda_count": ("z", "p"),
    "vipcare_agenda_due": ("i32", "p z"),
    "vipcare_agenda_customer": ("s", "p z"),
    "vipcare_agenda_kind": ("i", "p z"),
    "vipcare_agenda_occasion": ("s", "p z"),
    "vipcare_agenda_tier": ("i", "p z"),
    "vipcare_agenda_channel": ("i", "p z"),
    "vipcare_agenda_advisor": ("s", "p z"),
    "vipcare_agenda_suppressed": ("z", "p i"),
}

# Functions of later releases (symbol version nodes after VIPCARE_1.0):
# declared when the loaded library has them, and a feature that needs one
# that is missing says so (see require()). New parts of the API (KPIs,
# points, surveys...) plug in here with their signatures.
_OPTIONAL_SIGNATURES = {
    # kpi.h: surveys, service requests, the KPI state
    "vipcare_survey_kind_name": ("s", "i"),
    "vipcare_service_kind_name": ("s", "i"),
    "vipcare_engine_add_survey": ("i", "p s i64 i i"),
    "vipcare_engine_add_service_request": ("i", "p s s i i64 i64 i64"),
    "vipcare_engine_survey_count": ("z", "p"),
    "vipcare_engine_service_count": ("z", "p"),
    "vipcare_kpi_name": ("s", "i"),
    "vipcare_kpi_from_name": ("i", "s z"),
    "vipcare_kpi_state_new": ("i", "pp p i32 i32"),
    "vipcare_kpi_state_unref": ("p", "p"),
    "vipcare_kpi_state_last_error": ("s", "p"),
    "vipcare_kpi_state_from": ("i32", "p"),
    "vipcare_kpi_state_to": ("i32", "p"),
    "vipcare_kpi_state_tier_count": ("z", "p"),
    "vipcare_kpi_state_tier_name": ("s", "p z"),
    "vipcare_kpi_get": ("i", "p i *i64 *i64"),
    "vipcare_kpi_tier_get": ("i", "p z i *i64"),
    "vipcare_kpi_migration": ("i", "p i z *i64"),
    "vipcare_kpi_state_merge": ("i", "p p"),
    "vipcare_kpi_state_serialize": ("i", "p pp *z"),
    "vipcare_kpi_state_deserialize": ("i", "pp s z b z"),
    "vipcare_kpi_state_to_json": ("i", "p pp"),
    "vipcare_kpi_state_to_csv": ("i", "p pp"),
    "vipcare_policy_set_target": ("i", "p i i i64"),
    "vipcare_policy_target": ("i", "p i *i64"),
    "vipcare_kpi_target_check": ("i", "p p i"),
}


def _declare(lib, name, spec):
    restype, argtypes = spec
    fn = getattr(lib, name)
    fn.restype = _TYPES[restype]
    fn.argtypes = [_TYPES[t] for t in argtypes.split()]
    return fn


def _candidates():
    path = os.environ.get(ENVIRONMENT_VARIABLE)
    if path:
        if os.path.isdir(path):
            path = os.path.join(path, SONAME)
        return [path], "%s=%s" % (ENVIRONMENT_VARIABLE, os.environ[ENVIRONMENT_VARIABLE])
    return [SONAME], "the dynamic loader's search path"


class _Library:
    """The loaded library: one attribute per declared C function."""

    def __init__(self):
        names, where = _candidates()
        try:
            self._dll = ctypes.CDLL(names[0])
        except OSError as exc:
            raise LibraryNotFound(
                "cannot load %s (looked in %s): %s; build libvipcare and set %s to the "
                "path of libvipcare.so.1, or install it" % (names[0], where, exc, ENVIRONMENT_VARIABLE)
            ) from None
        self.path = names[0]
        for name, spec in _SIGNATURES.items():
            try:
                setattr(self, name, _declare(self._dll, name, spec))
            except AttributeError:
                raise LibraryNotFound(
                    "%s (from %s) has no function %s: it is not libvipcare %s or later"
                    % (names[0], where, name, _version_text(WRITTEN_FOR))
                ) from None
        self.optional = set()
        for name, spec in _OPTIONAL_SIGNATURES.items():
            try:
                setattr(self, name, _declare(self._dll, name, spec))
                self.optional.add(name)
            except AttributeError:
                pass
        self.version_number = int(self.vipcare_version_number())
        self.version_string = self.vipcare_version_string().decode("utf-8")
        if self.version_number // 10000 != WRITTEN_FOR // 10000 or self.version_number < WRITTEN_FOR:
            raise LibraryNotFound(
                "%s is libvipcare %s, but this package needs %s.x at or above %s"
                % (names[0], self.version_string, WRITTEN_FOR // 10000, _version_text(WRITTEN_FOR))
            )

    def has(self, name):
        """Whether the loaded library has an optional (later) function."""
        return name in self.optional or name in _SIGNATURES

    def missing(self):
        """The optional (later) functions the loaded library lacks."""
        return sorted(set(_OPTIONAL_SIGNATURES) - self.optional)


def _version_text(number):
    return "%d.%d.%d" % (number // 10000, number // 100 % 100, number % 100)


lib = _Library()
