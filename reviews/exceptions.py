"""Errors the workflow raises. Each carries a sentence a person can act on; the admin
shows it as a message (or a 403 for `NotAllowed` on a URL the user should not reach).
"""


class WorkflowError(Exception):
    """A transition was refused; nothing was changed."""


class NotAllowed(WorkflowError):
    """The user lacks the role or is the author of what they want to approve."""


class CredentialsNotCurrent(WorkflowError):
    """The reviewer holds no verified, unexpired credential to sign with."""


class SignatureRefused(WorkflowError):
    """An action that must be signed came without a valid signature (password or code)."""


class InvalidTransition(WorkflowError):
    """The content is not in a state this action applies to."""


class StaleSubmission(WorkflowError):
    """What would be approved is no longer exactly what was submitted."""


class NotReady(WorkflowError):
    """The content cannot be reviewed yet (it cites unapproved studies, lacks details...)."""


class StaleEdit(WorkflowError):
    """A form was saved over changes someone else made since it was opened."""


class Locked(WorkflowError):
    """The working copy is in review and cannot be edited."""


class RevertBlocked(WorkflowError):
    """An earlier version points at a record that no longer exists."""
