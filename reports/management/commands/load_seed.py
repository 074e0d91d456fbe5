from django.core.management.base import BaseCommand

from directives.seed import load_186
from reports.consolidated.services import load_document_terms


class Command(BaseCommand):
    help = (
        "Nạp (chạy lại không sao) Công văn 186-CV/TU, các đơn vị của tỉnh Quảng Ngãi năm 2021 "
        "và các nhiệm kỳ của Tỉnh ủy (để đánh số văn bản)."
    )

    def handle(self, *args, **options):
        directive = load_186()
        # Without the terms no consolidated report could be numbered on a fresh production
        # database: numbers run per document type within a term of the Party committee.
        terms = load_document_terms()
        self.stdout.write(
            f"Đã nạp {directive}: {directive.tasks.count()} nhiệm vụ, "
            f"{directive.recipients.count()} dòng Kính gửi / Nơi nhận, {len(terms)} nhiệm kỳ."
        )
