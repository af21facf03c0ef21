"""django-axes reads the e-mail address our sign-in form posts, whichever way authenticate() was called."""


def username(request, credentials) -> str:
    value = (credentials or {}).get("username") or request.POST.get("email", "")
    return (value or "").strip().lower()
