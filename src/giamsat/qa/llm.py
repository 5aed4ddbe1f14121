"""An optional language model that rephrases an extractive answer (GIAMSAT_QA_LLM_URL; unset: never called).

It receives only the question and the answer's quoted sentences. What it writes is kept only if every number
and document number in it appears in the cited passages; otherwise, or if it fails, the extractive answer is
shown as it is (ADR 0035)."""

import json
import logging
import urllib.request

from django.conf import settings

from giamsat.qa.answer import Answer, Sentence, unsupported

logger = logging.getLogger(__name__)
PROMPT = ("Bạn là trợ lý trả lời câu hỏi về Nghị quyết 57-NQ/TW. Chỉ được diễn đạt lại các đoạn trích dưới đây "
          "thành câu trả lời ngắn bằng tiếng Việt; không thêm số liệu, số văn bản hay thông tin nào khác.")


def _ask_model(url: str, question: str, quotes: list[str]) -> str:
    body = {
        "model": getattr(settings, "GIAMSAT_QA_LLM_MODEL", "") or "default",
        "temperature": 0,
        "messages": [
            {"role": "system", "content": PROMPT},
            {"role": "user", "content": f"Câu hỏi: {question}\n\nĐoạn trích:\n" + "\n".join(f"- {q}" for q in quotes)},
        ],
    }
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    timeout = float(getattr(settings, "GIAMSAT_QA_LLM_TIMEOUT", 10))
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the operator's own URL)
        data = json.loads(response.read().decode("utf-8"))
    return str(data["choices"][0]["message"]["content"]).strip()


def rephrased(answer: Answer) -> Answer:
    url = getattr(settings, "GIAMSAT_QA_LLM_URL", "")
    if not url or not answer.sentences:
        return answer
    citations = [c for s in answer.sentences for c in s.citations]
    try:
        text = _ask_model(url, answer.question, [s.text for s in answer.sentences])
    except Exception:  # the model is a convenience: any failure leaves the extractive answer
        logger.warning("qa: the language model did not answer", exc_info=True)
        return answer
    sources = [f"{c.label} {c.quote}" for c in citations]
    if not text or unsupported(text, sources):
        return answer
    answer.sentences = [Sentence(text, citations)]
    answer.source = "model"
    return answer
