from django.http import HttpResponse


def procedure_list(request):  # replaced by the pages work
    return HttpResponse("")


def procedure_detail(request, code):  # replaced by the pages work
    return HttpResponse("")
