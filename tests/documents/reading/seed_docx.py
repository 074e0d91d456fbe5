"""186-CV/TU as a .docx made from its text: header and signature in borderless tables, each
paragraph of the body a Word paragraph, numbers typed as in the original."""

from directives.seed import SEED_186
from directives.seedtext import parse_document

from .builders import build


def seed_186_docx() -> bytes:
    doc = parse_document(SEED_186)
    body = [f"Kính gửi: - {doc.addressees[0]}", *(f"- {a}" for a in doc.addressees[1:])]
    body.append(doc.preamble)
    body += doc.paragraphs
    return build(
        [doc.issuer_heading, f"Số {doc.number}-{doc.symbol}", doc.subject],
        ["ĐẢNG CỘNG SẢN VIỆT NAM", "Quảng Ngãi, ngày 04 tháng 01 năm 2021"],
        body,
        ["Nơi nhận:", *(f"- {d}" for d in doc.distribution)],
        [doc.signing_authority, doc.signer_position, "", doc.signer_name],
    )
