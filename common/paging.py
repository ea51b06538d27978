"""Pages of long querysets, chosen on narrow rows.

Django's paginator sorts the whole filtered queryset with its joins and cuts the page out; a
queue whose rows join the procedure, the agencies and the people then sorts thousands of wide
rows for twenty. `KeysFirstPaginator` chooses the page's ids on the table alone (the ordering
columns and the key, no joins), then loads those rows with their joins: one query more, and a
cost that follows the page size rather than the queue's length.
"""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    # Load the page's rows by id alone (with the list's joins and prefetches, without its
    # filters and annotations): for lists whose filters are costly to plan or run again (a
    # search's thousand ranked ids) and whose rows need nothing the filters computed.
    fresh_rows = False

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.select_related(None).values_list("pk", flat=True)
        ids = list(keys[bottom:top])
        found = {row.pk: row for row in self._rows(ids)}
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)

    def _rows(self, ids):
        listed = self.object_list
        if not self.fresh_rows:
            return listed.order_by().filter(pk__in=ids)
        rows = listed.model._default_manager.filter(pk__in=ids)
        if listed.query.select_related:
            related = listed.query.select_related
            rows = rows.select_related(*_paths(related)) if related is not True else rows
        return rows.prefetch_related(*listed._prefetch_related_lookups)


class FreshRowsPaginator(KeysFirstPaginator):
    fresh_rows = True


def _paths(tree, prefix=""):
    """select_related's nested dict as lookups ("a", "a__b")."""
    paths = []
    for name, children in tree.items():
        path = f"{prefix}{name}"
        paths.append(path)
        paths += _paths(children, f"{path}__") if children else []
    return paths
