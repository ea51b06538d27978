from django.core.management.base import BaseCommand

from dossiers.graph import mermaid


class Command(BaseCommand):
    help = "Print the dossier state graph (Mermaid) read from the model's transitions."

    def handle(self, *args, **options):
        self.stdout.write(mermaid())
