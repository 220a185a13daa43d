from django.shortcuts import render


def home(request):
    region = request.tenant
    return render(request, "home.html", {"region": region, "is_platform": region.is_public})
