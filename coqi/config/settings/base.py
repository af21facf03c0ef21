# Placeholder until the foundation lands: the minimum pytest-django needs to start.
SECRET_KEY = "placeholder-not-secret"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
