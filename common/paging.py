"""Pages of long querysets, chosen on narrow rows.

Django's paginator sorts the whole filtered queryset with its joins and cuts the page out; a
queue whose rows join the procedure, the agencies and the people then sorts thousands of wide
rows for twenty. `KeysFirstPaginator` chooses the page's ids on the table alone (the ordering
columns and the key, no joins), then loads those rows with their joins: one query more, and a
cost that follows the page size rather than the queue's length.
"""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.select_related(None).values_list("pk", flat=True)
        ids = list(keys[bottom:top])
        found = {row.pk: row for row in self.object_list.order_by().filter(pk__in=ids)}
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)
