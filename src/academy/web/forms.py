from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.CharField(label="Email address or username", max_length=254)
    error_messages = {
        "invalid_login": "Enter a correct email address or username and password.",
        "inactive": "This account is inactive.",
    }
