"""The zero-setup shared cache: Django's database cache with a `set_many` that is one round trip (ADR 0043).

Django's DatabaseCache stores `set_many` one key at a time (a count, a select and an insert or update each), so
a cold page with 90 charts made some 400 queries. Here the whole batch is one count, one delete and one insert,
in one transaction; everything else is Django's own.
"""

from __future__ import annotations

import base64
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now


class DatabaseCache(DjangoDatabaseCache):
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        timeout = self.get_backend_timeout(timeout)
        rows = {}
        for key, value in data.items():
            rows[self.make_and_validate_key(key, version=version)] = base64.b64encode(
                pickle.dumps(value, self.pickle_protocol)
            ).decode("latin1")
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        keys = list(rows)
        try:
            with transaction.atomic(using=db), connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")
                count = cursor.fetchone()[0]
                if count > self._max_entries:
                    self._cull(db, cursor, tz_now().replace(microsecond=0), count)
                # Chunks keep within every database's limit on parameters per statement.
                for start in range(0, len(keys), 500):
                    chunk = keys[start : start + 500]
                    cursor.execute(
                        f"DELETE FROM {table} WHERE {quote_name('cache_key')} IN ({', '.join(['%s'] * len(chunk))})",
                        chunk,
                    )
                cursor.executemany(
                    f"INSERT INTO {table} ({quote_name('cache_key')}, {quote_name('value')}, {quote_name('expires')}) "
                    "VALUES (%s, %s, %s)",
                    [(key, rows[key], expires) for key in keys],
                )
        except DatabaseError:
            # Like Django's own set: a cache write that loses a race fails quietly; the next page stores it.
            return list(data)
        return []
