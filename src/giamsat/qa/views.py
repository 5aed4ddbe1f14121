"""The ask pages: signed in (/hoi-dap/) over what the user may see, public (/cong-khai/hoi-dap/) over published
documents. GET ?q=… answers without writing (a link to share); the form's POST answers and logs the question,
so that the answer can be rated and the office sees what is asked."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giamsat.core.errors import ApplicationError
from giamsat.qa.forms import AskForm, RateForm
from giamsat.qa.selectors import ask, document_text, question_stats
from giamsat.qa.services import question_log, question_rate, rating_token

EXAMPLES = {
    False: ["Sở nào chủ trì nhiệm vụ tuyên truyền trên báo chí?", "Hạn báo cáo 6 tháng là ngày nào?",
            "Những nhiệm vụ nào của Sở Khoa học và Công nghệ đang quá hạn?",
            "Tỷ trọng kinh tế số năm 2030 là bao nhiêu?"],
    True: ["Nghị quyết 57 đặt mục tiêu kinh tế số bao nhiêu phần trăm GRDP?",
           "Hình thức tuyên truyền Nghị quyết 57 gồm những gì?", "Hạn báo cáo 6 tháng là ngày nào?"],
}


def _ask_page(request, *, public: bool):
    data = request.POST if request.method == "POST" else (request.GET if "q" in request.GET else None)
    form = AskForm(data)
    answer = log = None
    if data is not None and form.is_valid():
        answer = ask(request.user, form.cleaned_data["q"], public=public)
        if request.method == "POST":
            log = question_log(user=request.user, question=form.cleaned_data["q"], answer=answer, public=public)
    return render(request, "qa/ask.html", {
        "nav": "public" if public else "qa", "public": public, "form": form, "answer": answer, "log": log,
        "token": rating_token(log) if log else "", "examples": EXAMPLES[public],
        "rate_url": "qa:public_rate" if public else "qa:rate",
    }, status=400 if data is not None and not form.is_valid() else 200)


@require_http_methods(["GET", "POST"])
def ask_page(request):
    return _ask_page(request, public=False)


@require_http_methods(["GET", "POST"])
def public_ask_page(request):
    return _ask_page(request, public=True)


def _rate(request, pk: int, *, public: bool):
    form = RateForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(" ".join(m for errs in form.errors.values() for m in errs))
    question_rate(user=request.user, log_id=pk, token=form.cleaned_data["token"],
                  helpful=form.cleaned_data["helpful"] == "1", public=public)
    messages.success(request, "Cảm ơn bạn đã đánh giá câu trả lời.")
    return redirect("qa:public_ask" if public else "qa:ask")


@require_POST
def rate(request, pk: int):
    return _rate(request, pk, public=False)


@require_POST
def public_rate(request, pk: int):
    return _rate(request, pk, public=True)


def _text(request, pk: int, *, public: bool):
    doc, name, sections = document_text(request.user, pk, public=public)
    return render(request, "qa/text.html", {"nav": "public" if public else "documents", "doc": doc, "name": name,
                                             "sections": sections, "public": public})


@require_GET
def text(request, pk: int):
    return _text(request, pk, public=False)


@require_GET
def public_text(request, pk: int):
    return _text(request, pk, public=True)


@require_GET
def office(request):
    return render(request, "qa/office.html", {"nav": "qa", **question_stats()})
