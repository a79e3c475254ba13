"""MultiLock: two locks held together, for migrating from one lock to another (resourcelock/multilock.go)."""

from __future__ import annotations

import dataclasses
from typing import Tuple

from kubernetes_py.apimachinery.api import errors

from .interface import Interface, LeaderElectionRecord
from kubernetes_py import context

__all__ = ["MultiLock", "UnknownLeader", "concat_raw_record"]

UnknownLeader = "leaderelection.k8s.io/unknown"


@dataclasses.dataclass
class MultiLock:
    """Holds ``primary`` and ``secondary``; when they name different holders, the holder is UnknownLeader."""

    primary: Interface
    secondary: Interface

    def get(self, ctx: context.Context | None) -> Tuple[LeaderElectionRecord, bytes]:
        primary, primary_raw = self.primary.get(ctx)
        try:
            secondary, secondary_raw = self.secondary.get(ctx)
        except Exception as err:
            if errors.is_not_found(err) and primary.holder_identity != self.identity():
                return primary, primary_raw
            raise
        if primary.holder_identity != secondary.holder_identity:
            primary.holder_identity = UnknownLeader
            primary_raw = primary.marshal_json()
        return primary, concat_raw_record(primary_raw, secondary_raw)

    def create(self, ctx: context.Context | None, ler: LeaderElectionRecord) -> None:
        try:
            self.primary.create(ctx, ler)
        except Exception as err:
            if not errors.is_already_exists(err):
                raise
        self.secondary.create(ctx, ler)

    def update(self, ctx: context.Context | None, ler: LeaderElectionRecord) -> None:
        self.primary.update(ctx, ler)
        try:
            self.secondary.get(ctx)
        except Exception as err:  # noqa: BLE001
            if errors.is_not_found(err):
                self.secondary.create(ctx, ler)
                return
        self.secondary.update(ctx, ler)

    def record_event(self, s: str) -> None:
        self.primary.record_event(s)
        self.secondary.record_event(s)

    def describe(self) -> str:
        return self.primary.describe()

    def identity(self) -> str:
        return self.primary.identity()


def concat_raw_record(primary_raw: bytes, secondary_raw: bytes) -> bytes:
    return b",".join([primary_raw, secondary_raw])
