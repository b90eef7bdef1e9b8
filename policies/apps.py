from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "policies"

    def ready(self):
        from django.core.signals import request_finished, request_started

        from reviews import registry

        from . import selectors
        from .editions import PolicyEditionBuilder

        registry.register(PolicyEditionBuilder())
        # The footer, the disclaimer and the review line all name the live policies:
        # one read per request serves them all.
        request_started.connect(selectors.start_request, dispatch_uid="policies.start_request")
        request_finished.connect(selectors.end_request, dispatch_uid="policies.end_request")
