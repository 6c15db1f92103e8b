from django.core.management.base import BaseCommand, CommandError

from blocs.models import Bloc
from campaigns import scoring
from campaigns.models import ScoringScheme
from emulation_portal.text import nfc


class Command(BaseCommand):
    help = "In bảng xếp hạng của khối: hạng, đơn vị, điểm — mỗi đơn vị một dòng."

    def add_arguments(self, parser):
        parser.add_argument("--bloc", required=True)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--period", default="annual", type=str.lower, choices=["h1", "annual"])

    def handle(self, *args, bloc, year, period, **options):
        try:
            scheme = ScoringScheme.objects.select_related("bloc").get(
                bloc=Bloc.objects.get(code=nfc(bloc).upper()), year=year, period_kind=period
            )
        except Bloc.DoesNotExist:
            raise CommandError(f"Không có khối, cụm mã “{bloc}”.") from None
        except ScoringScheme.DoesNotExist:
            raise CommandError(f"Khối {bloc} chưa có thang điểm {period} năm {year}.") from None
        ranked, leaves = scoring.ranking(scheme)
        for row in ranked:
            rank = f"{row.rank}{'=' if row.tied else ''}" if row.rank else "-"
            score = f"{row.total:.2f}" if row.scored else "chưa chấm"
            note = "" if row.rank else f"  (chưa chấm đủ {row.scored}/{leaves} tiêu chí)"
            self.stdout.write(f"{rank}\t{row.organization.name}\t{score}{note}")
