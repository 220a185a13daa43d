"""Routes filled by their issue."""

urlpatterns: list = []
