"""Shared plumbing that any app may import and that imports none of ours (no models).

- `enqueue`: the broker-guarded after-commit enqueue (a broker that is down delays work
  kept in an outbox table; it never fails the request that committed it);
- `outbox`: claiming rows of an outbox table (lease, `SKIP LOCKED`, retries with backoff);
- `cache`: the Redis cache that degrades to the process's memory when Redis is down.
"""
