#!/usr/bin/env python3
"""Writes the document fixtures of extract/ from the Vietnamese texts below (written
for tracuu; people, numbers and events are invented). Run by make.sh, which also
converts some of them with LibreOffice and renders the scanned PDF with cairo. The
news page, corpus/files/tin-hoi-thao-chuyen-doi-so.html, is written by hand, and
test_extract makes its copy with invalid UTF-8 from it.

  corpus/files/   one document of each format, for the sample corpus and the tests
  tests/data/files/  pages in other charsets and broken files, for the tests
"""
import os
import random
import sys
import unicodedata
import zipfile

ROOT = sys.argv[1]
WORK = sys.argv[2]  # LibreOffice's inputs
CORPUS = os.path.join(ROOT, "corpus", "files")
TESTS = os.path.join(ROOT, "tests", "data", "files")
STAMP = (2024, 1, 1, 0, 0, 0)  # fixed zip times: the same bytes on every run

HEADER = [
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM",
    "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
]

BIEN_BAN = {
    "title": "Biên bản họp Hội đồng nghiệm thu đề tài giống lúa chịu mặn",
    "author": "Phòng Quản lý khoa học",
    "created": "2023-04-14T09:00:00Z",
    "paras": HEADER + [
        "Tam Kỳ, ngày 14 tháng 4 năm 2023",
        "BIÊN BẢN",
        "HỌP HỘI ĐỒNG TƯ VẤN ĐÁNH GIÁ NGHIỆM THU ĐỀ TÀI KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH",
        "Hôm nay, ngày 13 tháng 4 năm 2023, vào lúc 8 giờ 30 phút, tại phòng họp số 2 của Sở "
        "Khoa học và Công nghệ, Hội đồng tư vấn đánh giá nghiệm thu đề tài \"Tuyển chọn và "
        "khảo nghiệm giống lúa chịu mặn cho vùng ven biển huyện Thăng Bình\" đã họp dưới sự "
        "chủ trì của TS. Lê Quang Vĩnh, Chủ tịch Hội đồng.",
        "Thành phần tham dự gồm bảy thành viên Hội đồng, đại diện Phòng Quản lý khoa học và "
        "nhóm thực hiện đề tài do KS. Đoàn Thị Mỹ Linh làm chủ nhiệm.",
        "Chủ nhiệm đề tài báo cáo kết quả: sau ba vụ khảo nghiệm, hai giống lúa chịu được độ "
        "mặn đến 4 phần nghìn, năng suất bình quân đạt 5,8 tấn mỗi héc-ta, cao hơn giống đối "
        "chứng 12 phần trăm.",
        "Các thành viên Hội đồng nhận xét đề tài đã hoàn thành đủ khối lượng theo thuyết minh, "
        "số liệu đồng ruộng đáng tin cậy, quy trình canh tác đã được nông dân xã Bình Hải "
        "áp dụng thử.",
        "Hội đồng thống nhất đánh giá đề tài đạt loại Khá và đề nghị nhóm thực hiện bổ sung "
        "bản đồ vùng nhiễm mặn vào báo cáo tổng hợp trước ngày 30 tháng 4 năm 2023.",
        "Cuộc họp kết thúc lúc 11 giờ 15 phút cùng ngày.",
        "THƯ KÝ HỘI ĐỒNG          CHỦ TỊCH HỘI ĐỒNG",
        "Nguyễn Thị Hồng Nhung          TS. Lê Quang Vĩnh",
    ],
}

QUYET_DINH_ODT = {
    "title": "Quyết định thành lập Hội đồng tư vấn xác định nhiệm vụ năm 2024",
    "author": "Văn phòng Sở",
    "created": "2023-09-20T07:45:00",
    "paras": HEADER + [
        "Số: 112/QĐ-SKHCN",
        "Quảng Nam, ngày 20 tháng 9 năm 2023",
        "QUYẾT ĐỊNH",
        "Về việc thành lập Hội đồng khoa học và công nghệ tư vấn xác định nhiệm vụ năm 2024",
        "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH QUẢNG NAM",
        "Căn cứ Luật Khoa học và Công nghệ ngày 18 tháng 6 năm 2013;",
        "Căn cứ kết quả tổng hợp đề xuất đặt hàng nhiệm vụ của các sở, ngành và địa phương;",
        "Theo đề nghị của Trưởng phòng Quản lý khoa học.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Thành lập Hội đồng khoa học và công nghệ tư vấn xác định nhiệm vụ năm 2024 "
        "lĩnh vực nông nghiệp và môi trường, gồm chín thành viên có tên trong danh sách kèm "
        "theo.",
        "Điều 2. Hội đồng có nhiệm vụ xem xét các đề xuất về thủy sản nước lợ, dược liệu "
        "dưới tán rừng và xử lý chất thải chăn nuôi, kiến nghị danh mục để Giám đốc Sở "
        "trình Ủy ban nhân dân tỉnh phê duyệt. Hội đồng tự giải thể sau khi hoàn thành "
        "nhiệm vụ.",
        "Điều 3. Chánh Văn phòng Sở, Trưởng phòng Quản lý khoa học và các thành viên có tên "
        "tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        "GIÁM ĐỐC",
        "Phạm Đức Thịnh",
    ],
}

THUYET_MINH = {
    "title": "Thuyết minh đề tài nuôi tôm thẻ chân trắng hai giai đoạn trong nhà màng",
    "author": "ThS. Trần Văn Minh",
    "created": "2024-03-18T10:20:00Z",
    "paras": [
        "THUYẾT MINH ĐỀ TÀI NGHIÊN CỨU KHOA HỌC VÀ PHÁT TRIỂN CÔNG NGHỆ",
        "1. Tên đề tài: Nghiên cứu quy trình nuôi tôm thẻ chân trắng hai giai đoạn trong nhà "
        "màng tại vùng cát ven biển huyện Núi Thành",
        "2. Mã số: ĐT.KHCN.2024.07",
        "3. Thời gian thực hiện: 24 tháng, từ tháng 6 năm 2024 đến tháng 5 năm 2026",
        "4. Cấp quản lý: Cấp tỉnh",
        "5. Tổng kinh phí: 850 triệu đồng, trong đó ngân sách nhà nước 720 triệu đồng",
        "6. Chủ nhiệm đề tài: ThS. Trần Văn Minh",
        "7. Cơ quan chủ trì: Trung tâm Ứng dụng tiến bộ khoa học và công nghệ Quảng Nam",
        "8. Mục tiêu: xây dựng quy trình nuôi tôm hai giai đoạn đạt năng suất 25 tấn mỗi "
        "héc-ta, giảm 30 phần trăm lượng nước thay so với nuôi ao đất.",
        "9. Nội dung chính: điều tra hiện trạng nuôi tôm trên cát; thiết kế bể ương và nhà "
        "màng; thử nghiệm mật độ thả và chế độ cho ăn; theo dõi dịch bệnh; chuyển giao quy "
        "trình cho ba hộ nuôi.",
        "10. Sản phẩm dự kiến: quy trình kỹ thuật được Hội đồng khoa học cấp cơ sở thông qua, "
        "mô hình trình diễn 2.000 mét vuông, một bài báo khoa học.",
        "Quảng Nam, ngày 18 tháng 3 năm 2024",
    ],
}

CONG_VAN = {
    "title": "Công văn báo cáo kết quả thực hiện nhiệm vụ khoa học và công nghệ năm 2023",
    "paras": HEADER + [
        "Số: 356/SKHCN-QLKH",
        "V/v báo cáo kết quả thực hiện nhiệm vụ khoa học và công nghệ năm 2023",
        "Quảng Nam, ngày 10 tháng 11 năm 2023",
        "Kính gửi: các cơ quan chủ trì nhiệm vụ khoa học và công nghệ cấp tỉnh.",
        "Để tổng hợp báo cáo Ủy ban nhân dân tỉnh, Sở Khoa học và Công nghệ đề nghị các cơ "
        "quan chủ trì báo cáo tiến độ, khối lượng công việc đã hoàn thành, kinh phí đã sử "
        "dụng và những khó khăn, vướng mắc của từng nhiệm vụ.",
        "Báo cáo gửi về Phòng Quản lý khoa học trước ngày 25 tháng 11 năm 2023, đồng thời gửi "
        "bản điện tử qua hộp thư qlkh@example.gov.vn.",
        "Trân trọng.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Hồ Thị Thanh Tâm",
    ],
}

# A page laid out with tables and no <article>: the densest block must be found.
OLD_PAGE_BODY = """<table width="100%"><tr><td class="leftmenu">
<a href="/">Trang chủ</a><br><a href="/tb">Thông báo</a><br><a href="/vb">Văn bản</a></td>
<td><h2>Tập huấn sở hữu trí tuệ cho doanh nghiệp nhỏ và vừa</h2>
<p>Ngày 8 tháng 8 năm 2019, Sở Khoa học và Công nghệ phối hợp với Hội Doanh nghiệp tỉnh tổ chức
lớp tập huấn về đăng ký nhãn hiệu và bảo hộ kiểu dáng công nghiệp cho năm mươi doanh nghiệp.</p>
<p>Học viên được hướng dẫn tra cứu nhãn hiệu trước khi nộp đơn, cách viết bản mô tả và những lỗi
thường gặp khiến đơn bị từ chối.</p>
<p>Nhiều doanh nghiệp chế biến nông sản cho biết sẽ đăng ký nhãn hiệu cho sản phẩm đặc sản
của địa phương trong năm nay.</p></td></tr></table>
<div class="footer">Sở KH&amp;CN Quảng Nam</div>"""


def cp1258(text):
    """Windows-1258 bytes: the letters with a circumflex, breve or horn are
    precomposed there, the five tone marks are combining."""
    out = bytearray()
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        base, marks = d[0], d[1:]
        shape = [m for m in marks if m in "\u0302\u0306\u031b"]
        tone = [m for m in marks if m not in shape]
        letter = unicodedata.normalize("NFC", base + "".join(shape))
        out += (letter + "".join(tone)).encode("cp1258")
    return bytes(out)


def viqr(text):
    marks = {"\u0302": "^", "\u0306": "(", "\u031b": "+", "\u0301": "'", "\u0300": "`",
             "\u0309": "?", "\u0303": "~", "\u0323": "."}
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("dd" if ch == "đ" else "DD")
            continue
        d = unicodedata.normalize("NFD", ch)
        shape = [m for m in d[1:] if m in "\u0302\u0306\u031b"]
        tone = [m for m in d[1:] if m not in shape]
        out.append(d[0] + "".join(marks[m] for m in shape + tone))
    return "".join(out)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def zipped(path, parts):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def docx(path, doc):
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paras = []
    for i, p in enumerate(doc["paras"]):
        style = '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>' if i == 0 else ""
        paras.append(f'<w:p>{style}<w:r><w:t xml:space="preserve">{esc(p)}</w:t></w:r></w:p>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document xmlns:w="{W}"><w:body>{"".join(paras)}</w:body></w:document>')
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{esc(doc["title"])}</dc:title><dc:creator>{esc(doc.get("author", ""))}</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{doc.get("created", "2024-01-01T00:00:00Z")}</dcterms:created>'
            '</cp:coreProperties>')
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
             '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
             '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '</Relationships>')
    zipped(path, [("[Content_Types].xml", types), ("_rels/.rels", rels),
                  ("word/document.xml", document), ("docProps/core.xml", core)])


def odt(path, doc):
    body = []
    for p in doc["paras"]:
        if p.isupper() and len(p) < 20:
            body.append(f'<text:h text:outline-level="1">{esc(p)}</text:h>')
        else:
            body.append(f"<text:p>{esc(p)}</text:p>")
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ns} office:version="1.3">'
               f'<office:body><office:text>{"".join(body)}</office:text></office:body></office:document-content>')
    meta = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {ns} office:version="1.3"><office:meta>'
            f'<dc:title>{esc(doc["title"])}</dc:title>'
            f'<meta:initial-creator>{esc(doc.get("author", ""))}</meta:initial-creator>'
            f'<meta:creation-date>{doc.get("created", "2024-01-01T00:00:00")}</meta:creation-date>'
            '</office:meta></office:document-meta>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    zipped(path, [("mimetype", "application/vnd.oasis.opendocument.text"),
                  ("content.xml", content), ("meta.xml", meta),
                  ("META-INF/manifest.xml", manifest)])


def main():
    docx(os.path.join(CORPUS, "thuyet-minh-de-tai-nuoi-tom.docx"), THUYET_MINH)
    odt(os.path.join(CORPUS, "quyet-dinh-thanh-lap-hoi-dong.odt"), QUYET_DINH_ODT)
    # For LibreOffice: the minutes become the text PDF, the letter the .doc.
    odt(os.path.join(WORK, "bien-ban-nghiem-thu-lua-chiu-man.odt"), BIEN_BAN)
    docx(os.path.join(WORK, "cong-van-bao-cao-ket-qua.docx"), CONG_VAN)
    # The scanned decision: one line a row, for mkscan.
    write(os.path.join(WORK, "scan.txt"), "\n".join([
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 245/QĐ-SKHCN", "Quảng Nam, ngày 5 tháng 3 năm 2024", "",
        "QUYẾT ĐỊNH", "Về việc phê duyệt danh mục nhiệm vụ khoa học",
        "và công nghệ cấp cơ sở năm 2024", "",
        "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ", "",
        "Điều 1. Phê duyệt danh mục gồm năm nhiệm vụ về giống",
        "cây dược liệu, nuôi trồng nấm và bảo quản nông sản.",
        "Điều 2. Các đơn vị chủ trì hoàn thiện thuyết minh",
        "và nộp hồ sơ trước ngày 15 tháng 4 năm 2024.",
    ]) + "\n")

    old = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\">"
           "<title>Tập huấn sở hữu trí tuệ</title></head><body>" + OLD_PAGE_BODY + "</body></html>")
    write(os.path.join(TESTS, "page-cp1258.html"), cp1258(old))
    viqr_page = ("<html><head><title>" + viqr("Tập huấn sở hữu trí tuệ") + "</title></head><body>"
                 + viqr(OLD_PAGE_BODY) + "</body></html>")
    write(os.path.join(TESTS, "page-viqr.html"), viqr_page)
    rnd = random.Random(9)
    write(os.path.join(TESTS, "random.docx"), bytes(rnd.randrange(256) for _ in range(4096)))
    write(os.path.join(TESTS, "random.odt"), b"PK\x03\x04" + bytes(rnd.randrange(256) for _ in range(2048)))


main()
