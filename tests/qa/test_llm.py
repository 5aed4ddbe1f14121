"""The optional language model (GIAMSAT_QA_LLM_URL), against a local server with a canned answer: kept when
every number and document number in it is in the cited passages, else the extractive answer is shown;
never called when unset."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

pytestmark = pytest.mark.django_db
QUESTION = "Tỷ lệ sử dụng dịch vụ công trực tuyến đạt bao nhiêu?"


@pytest.fixture
def model_server():
    """A chat completions endpoint answering `server.reply`, recording the requests it got."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            server.requests.append(body)
            data = json.dumps({"choices": [{"message": {"role": "assistant", "content": server.reply}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.requests, server.reply = [], ""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def plan(province):
    from giamsat.indicators.services import indicator_create

    doc = province["doc"]
    doc.full_text = ("II. MỤC TIÊU\n2. Mục tiêu cụ thể\nTỉ lệ sử dụng dịch vụ công trực tuyến của người dân và "
                     "doanh nghiệp đạt trên 80% vào năm 2030, theo Nghị quyết số 57-NQ/TW.")
    doc.save()
    indicator_create(user=province["users"]["office"], code="DVC-01", name="Tỉ lệ sử dụng dịch vụ công trực tuyến",
                     unit="%", document=doc, targets=[{"year": 2030, "value": "80", "comparator": ">="}])
    return province


def test_a_rephrasing_whose_numbers_are_cited_is_kept(plan, model_server, settings):
    from giamsat.qa.selectors import ask

    settings.GIAMSAT_QA_LLM_URL = f"http://127.0.0.1:{model_server.server_port}/v1/chat/completions"
    model_server.reply = "Đến năm 2030, tỉ lệ sử dụng dịch vụ công trực tuyến phải đạt trên 80%."
    answer = ask(plan["users"]["office"], QUESTION, public=False)
    assert answer.source == "model" and [s.text for s in answer.sentences] == [model_server.reply]
    assert answer.sentences[0].citations
    sent = model_server.requests[0]["messages"][-1]["content"]
    assert QUESTION in sent and "80" in sent


@pytest.mark.parametrize("invented", [
    "Đến năm 2030, tỉ lệ sử dụng dịch vụ công trực tuyến phải đạt trên 95%.",
    "Theo Quyết định số 1234/QĐ-UBND, tỉ lệ phải đạt trên 80%.",
])
def test_a_rephrasing_with_an_invented_number_is_discarded(plan, model_server, settings, invented):
    from giamsat.qa.selectors import ask

    settings.GIAMSAT_QA_LLM_URL = f"http://127.0.0.1:{model_server.server_port}/v1/chat/completions"
    model_server.reply = invented
    answer = ask(plan["users"]["office"], QUESTION, public=False)
    assert len(model_server.requests) == 1
    assert answer.source == "data" and answer.sentences
    assert all(s.text != invented and "95" not in s.text and "1234" not in s.text for s in answer.sentences)


def test_without_the_setting_no_model_is_called(plan, model_server, settings):
    from giamsat.qa.selectors import ask

    settings.GIAMSAT_QA_LLM_URL = ""
    model_server.reply = "Không được gọi."
    answer = ask(plan["users"]["office"], QUESTION, public=False)
    assert answer.sentences and answer.source != "model" and model_server.requests == []


def test_a_model_that_fails_leaves_the_extractive_answer(plan, settings):
    from giamsat.qa.selectors import ask

    settings.GIAMSAT_QA_LLM_URL = "http://127.0.0.1:9/v1/chat/completions"  # nothing listens on port 9
    settings.GIAMSAT_QA_LLM_TIMEOUT = 2
    answer = ask(plan["users"]["office"], QUESTION, public=False)
    assert answer.sentences and answer.source == "data"


def test_the_check_finds_invented_numbers_and_document_numbers():
    from giamsat.qa.answer import unsupported

    sources = ["2653/KH-UBND, mục V.11 Báo cáo 6 tháng (gửi trước ngày 15 tháng 6)"]
    assert unsupported("Báo cáo 6 tháng gửi trước ngày 15 tháng 6 (2653/KH-UBND).", sources) == set()
    assert unsupported("Báo cáo 6 tháng gửi trước ngày 20 tháng 6.", sources) == {"20"}
    assert unsupported("Theo Kế hoạch 2654/KH-UBND, gửi trước ngày 15.", sources) == {"2654", "2654/KH-UBND"}
