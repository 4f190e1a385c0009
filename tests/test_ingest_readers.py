"""Input readers: every file yields Documents or one ReadError naming it."""

import json

from marsad.ingest import ReadError, decode_bytes, read_inputs
from marsad.records import Document

ARABIC = "أعلن الجيش المالي مقتل خمسة مسلحين في اشتباك قرب مدينة غاو يوم الاثنين."


def _read(*paths):
    return list(read_inputs(paths))


def test_txt_with_date_header(tmp_path):
    path = tmp_path / "ar_gao.txt"
    path.write_text(f"date 2024-05-06 محمد سالم – وكالة الساحل\n\n{ARABIC}\n", encoding="utf-8")
    (doc,) = _read(path)
    assert isinstance(doc, Document)
    assert doc.id == "ar_gao"
    assert doc.published == "2024-05-06"
    assert doc.outlet == "وكالة الساحل"
    assert doc.text.startswith("أعلن")


def test_txt_without_header_keeps_all_text(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("Gunmen attacked a convoy near Djibo on Monday.", encoding="utf-8")
    (doc,) = _read(path)
    assert doc.published is None and doc.text.startswith("Gunmen")


def test_jsonl_reads_good_lines_and_names_bad_ones(tmp_path):
    path = tmp_path / "batch.jsonl"
    good = {"id": "fr-1", "url": "https://example.org/a", "source": "Le Sahel", "date": "2024-02-01",
            "lang": "fr", "title": "Attaque", "text": "Des hommes armés ont attaqué un poste à Dori."}
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "x"}) + "\n", encoding="utf-8")
    items = _read(path)
    assert isinstance(items[0], Document) and items[0].outlet == "Le Sahel" and items[0].language == "fr"
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [e.origin for e in errors] == [f"{path}:2", f"{path}:3"]
    assert "malformed JSON" in errors[0].message and "text" in errors[1].message


def test_bad_files_are_errors_and_the_batch_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "ok.txt").write_text(ARABIC, encoding="utf-8")
    items = _read(tmp_path, tmp_path / "missing.txt")
    kinds = {type(i).__name__ for i in items}
    assert kinds == {"Document", "ReadError"}
    messages = {str(i) for i in items if isinstance(i, ReadError)}
    assert any("empty.txt: empty file" in m for m in messages)
    assert any("binary.txt" in m and "binary" in m for m in messages)
    assert any("missing.txt: no such file" in m for m in messages)


def test_windows_1256_arabic_is_decoded(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(ARABIC.encode("cp1256"))
    (doc,) = _read(path)
    assert doc.text == ARABIC


def test_iso_8859_6_arabic_is_decoded():
    text = "قتل جندي في هجوم على دورية شمال مالي"
    decoded, encoding = decode_bytes(text.encode("iso8859_6"))
    assert decoded == text


def test_latin_1_french_is_decoded():
    text = "Des soldats ont été blessés à Ménaka après une embuscade."
    decoded, _ = decode_bytes(text.encode("latin-1"))
    assert decoded == text


def test_html_page_yields_main_text(tmp_path):
    page = tmp_path / "page.html"
    body = " ".join(["Des hommes armés ont attaqué dimanche un poste de gendarmerie à Dori, dans la région du Sahel."] * 3)
    page.write_text(
        "<html><head><title>Attaque à Dori</title><meta property='article:published_time' content='2024-03-10'>"
        "</head><body><nav>Accueil | Politique | Sport</nav><article><h1>Attaque à Dori</h1>"
        f"<p>{body}</p><p>Le bilan provisoire fait état de trois blessés.</p></article>"
        "<footer>© Le Journal du Sahel</footer></body></html>", encoding="utf-8")
    (doc,) = _read(page)
    assert "Dori" in doc.text and "Accueil" not in doc.text
    assert doc.published == "2024-03-10"
