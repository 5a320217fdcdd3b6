from django.http import HttpResponse


def index(request):
    return HttpResponse("")


def breathe(request):
    return HttpResponse("")


def settings_view(request):
    return HttpResponse("")
