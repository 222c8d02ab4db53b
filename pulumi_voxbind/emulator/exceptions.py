"""API errors of the emulated Management API: one class per error code.

Every class carries the real code and message text from the reference
(../shared/voximplant-api.md section 4.2). Handlers and the backend raise them; the server turns
them into HTTP 200 responses shaped ``{"error": {"code": <int>, "msg": "<text>"}}``.

    ApiError
      FatalError 1, InternalError 2 (injected), DbError 4, RateLimitExceeded 340 (injected)
      AuthorizationFailed 100, InvalidKeyId 433, InvalidTokenFormat 447,
        InvalidTokenTtl 454, TokenIssuedInFuture 455, TokenExpired 456
      InvalidArguments 101, MissingCmd 102, UnknownCommand 103, RequiredIsEmpty 134,
        OnlyOneOfParameters 458, InvalidParameter 496
      InvalidApplicationName 107, InvalidApplicationId 116, ApplicationNameNotUnique 129
      InvalidScenarioId 132, ScenarioNameNotUnique 133, InvalidScenarioName 168
      InvalidRuleId 147, InvalidRuleName 156, DuplicateRuleName 175
      InvalidPhoneNumber 121, InvalidPhoneId 181, InvalidSipWhitelistId 169,
        InvalidSipWhitelistNetwork 170, SipWhiteListNetworkCountExceeded 172
"""

from __future__ import annotations

from typing import Any, ClassVar


class ApiError(Exception):
    """An error the API reports in its JSON body (HTTP 200)."""

    code: ClassVar[int] = 1
    text: ClassVar[str] = "Fatal error"

    def __init__(self, msg: str | None = None) -> None:
        self.msg = msg if msg is not None else self.text
        super().__init__(self.msg)

    def to_wire(self) -> dict[str, Any]:
        """Return the response body for this error."""
        return {"error": {"code": self.code, "msg": self.msg}}


class FatalError(ApiError):
    """1: a bug in the emulator (the catch-all; tests assert it never fires)."""

    code, text = 1, "Fatal error"


class InternalError(ApiError):
    """2: transient server failure (only produced by fault injection)."""

    code, text = 2, "Internal error"


class DbError(ApiError):
    """4: the state database failed (e.g. locked by another process for too long)."""

    code, text = 4, "DB error"


class AuthorizationFailed(ApiError):
    """100: missing or unusable credentials, bad signature, wrong issuer."""

    code, text = 100, "Authorization failed"


class InvalidArguments(ApiError):
    """101: the request could not be read (encoding, body size, multipart framing)."""

    code, text = 101, "Invalid arguments"


class MissingCmd(ApiError):
    """102: no method in the path and no ``cmd`` parameter."""

    code, text = 102, "Missing 'cmd' parameter"


class UnknownCommand(ApiError):
    """103: the method is not one the emulator implements."""

    code, text = 103, "Unknown command"


class InvalidApplicationName(ApiError):
    """107: malformed or unknown application name."""

    code, text = 107, "Invalid application name"


class InvalidApplicationId(ApiError):
    """116: malformed or unknown application id."""

    code, text = 116, "The 'application_id' parameter is invalid"


class ApplicationNameNotUnique(ApiError):
    """129: an application with this name already exists in the account."""

    code, text = 129, "Application name is not unique"


class InvalidScenarioId(ApiError):
    """132: malformed or unknown scenario id (or one outside the rule's application)."""

    code, text = 132, "The 'scenario_id' parameter is invalid"


class ScenarioNameNotUnique(ApiError):
    """133: a scenario with this name already exists in the account."""

    code, text = 133, "The scenario name is not unique"


class RequiredIsEmpty(ApiError):
    """134: a required parameter is missing or empty."""

    code, text = 134, "Required parameter is empty"


class InvalidRuleId(ApiError):
    """147: malformed or unknown rule id (or a rule outside the given application)."""

    code, text = 147, "The 'rule_id' parameter is invalid"


class InvalidRuleName(ApiError):
    """156: malformed or unknown rule name."""

    code, text = 156, "The 'rule_name' parameter is invalid"


class InvalidScenarioName(ApiError):
    """168: malformed or unknown scenario name (or one outside the rule's application)."""

    code, text = 168, "The 'scenario_name' parameter is invalid"


class DuplicateRuleName(ApiError):
    """175: a rule with this name already exists in the application."""

    code, text = 175, "The 'rule_name' is not unique"


class RateLimitExceeded(ApiError):
    """340: transient throttling (only produced by fault injection)."""

    code, text = 340, "Rate limit exceed"


class InvalidKeyId(ApiError):
    """433: the token's ``kid`` is not a key of any account."""

    code, text = 433, "Invalid key id."


class InvalidTokenFormat(ApiError):
    """447: the token is not a well-formed RS256 JWT with the required claims."""

    code, text = 447, "Invalid token format."


class InvalidTokenTtl(ApiError):
    """454: ``exp - iat`` exceeds 3600 seconds."""

    code, text = 454, "The token TTL exceeds the maximum limit."


class TokenIssuedInFuture(ApiError):
    """455: ``iat`` is later than now plus the allowed clock skew."""

    code, text = 455, "Token issued in the future."


class TokenExpired(ApiError):
    """456: ``exp`` is in the past."""

    code, text = 456, "The token has expired."


class OnlyOneOfParameters(ApiError):
    """458: two mutually exclusive parameters disagree."""

    code, text = 458, "Specify only one of the following parameters: %1$s"

    def __init__(self, *names: str) -> None:
        super().__init__(self.text.replace("%1$s", ", ".join(names)))


class InvalidParameter(ApiError):
    """496: a parameter without a dedicated error code has an invalid value."""

    code, text = 496, "The '%1$s' parameter is invalid."

    def __init__(self, name: str) -> None:
        self.param = name
        super().__init__(self.text.replace("%1$s", name))


# Parameters that have a dedicated "invalid" code; everything else gets 496 naming the parameter.
_BY_PARAM: dict[str, type[ApiError]] = {
    "application_id": InvalidApplicationId,
    "application_name": InvalidApplicationName,
    "rule_id": InvalidRuleId,
    "rule_name": InvalidRuleName,
    "scenario_id": InvalidScenarioId,
    "scenario_name": InvalidScenarioName,
}


def invalid(name: str) -> ApiError:
    """Return the error for an invalid (malformed or unknown) value of parameter ``name``."""
    cls = _BY_PARAM.get(name)
    return cls() if cls is not None else InvalidParameter(name)


def injected(code: int) -> ApiError:
    """The error an injected refusal answers with: the class of that code if there is one,
    else a generic error carrying the code (lost_replies.py's `refuse`)."""
    for cls in _all_subclasses(ApiError):
        if cls.code == code and cls is not ApiError:
            return cls()
    error = ApiError(f"Refused (injected, code {code})")
    error.code = code  # type: ignore[misc]
    return error


def _all_subclasses(cls: type[ApiError]) -> list[type[ApiError]]:
    found: list[type[ApiError]] = []
    for sub in cls.__subclasses__():
        found += [sub, *_all_subclasses(sub)]
    return found
# -- the inbound line: phone numbers and the SIP white list (routing reference §10) ---------


class InvalidPhoneNumber(ApiError):
    """121: malformed phone number, or one the account does not own."""

    code, text = 121, "Invalid phone number"


class InvalidSipWhitelistId(ApiError):
    """169: unknown SIP white list entry."""

    code, text = 169, "The 'sip_whitelist_id' parameter is invalid"


class InvalidSipWhitelistNetwork(ApiError):
    """170: not an IPv4 CIDR network, or one that duplicates or overlaps an entry."""

    code, text = 170, "The 'sip_whitelist_network' parameter is invalid"


class SipWhiteListNetworkCountExceeded(ApiError):
    """172: the account's SIP white list is full."""

    code, text = 172, "Exceeded the SIP white list network number limit per account"


class InvalidPhoneId(ApiError):
    """181: malformed phone id, or a number the account does not own."""

    code, text = 181, "The 'phone_id' parameter is invalid"


_BY_PARAM.update({
    "phone_id": InvalidPhoneId,
    "phone_number": InvalidPhoneNumber,
    "sip_whitelist_id": InvalidSipWhitelistId,
    "sip_whitelist_network": InvalidSipWhitelistNetwork,
})
