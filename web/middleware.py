"""Pages speak the person's chosen language (the switcher's cookie), else the region's default.

The browser's Accept-Language is not consulted for pages: a region decides the language its
people see first. The API keeps answering in the request's Accept-Language, and the Django
admin keeps Django's own negotiation.
"""

from django.conf import settings
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}
OWN_NEGOTIATION = ("/api/", "/admin/")


class RegionLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(OWN_NEGOTIATION):
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if language not in SUPPORTED:
                region = getattr(request, "tenant", None)
                language = getattr(region, "default_language", None) or settings.LANGUAGE_CODE
                if language not in SUPPORTED:
                    language = settings.LANGUAGE_CODE
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
