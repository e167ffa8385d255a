from __future__ import annotations

from rest_framework import serializers

import interviewprep.api_input as strict
from accounts.models import User


class AccountSerializer(serializers.ModelSerializer):
    """Your account as the API shows it; only the display name can change here."""

    class Meta:
        model = User
        fields = ["id", "email", "display_name", "date_joined"]
        read_only_fields = ["id", "email", "date_joined"]
        extra_kwargs = {
            "email": {"help_text": "Read-only here: change it on the email addresses page (/accounts/email/)."},
            "display_name": {"help_text": "What teammates see instead of the email's local part; empty clears it."},
        }


class AccountInput(serializers.Serializer):
    # No max_length or character check here: accounts.services.set_display_name is the one rule.
    display_name = strict.CharField(
        allow_blank=True,
        required=False,
        help_text="Trimmed; 1 to 60 characters without control characters, or empty to clear it.",
    )
