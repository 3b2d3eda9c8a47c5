"""The check processes behind the HTTP front: one queue, N processes, the next free one
takes the next request (see worker.py for why).

Processes are spawned (fresh interpreters: the front's event loop is never forked), each
builds and warms its engine once; the pool is started whole before the server answers, so
no request waits for a process to start. A process that dies (killed, out of memory) breaks
the pool: it is started anew and the requests it held are tried once more.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from . import logs, worker
from .messages import Reply, RequestError
from .settings import Settings

START_TIMEOUT = 300.0  # seconds for every process to start and warm (a slow machine, many workers)


class CheckPool:
    def __init__(self, settings: Settings, processes: int):
        self.settings = settings
        self.processes = processes
        self.pids: list[int] = []
        self._executor: ProcessPoolExecutor | None = None
        self._restart = asyncio.Lock()
        self._free = asyncio.Semaphore(processes)  # processes not checking anything

    async def start(self) -> None:
        """All processes started and warmed before this returns: one task each, which waits
        for the others (a barrier), so the executor starts every process now rather than
        when load first arrives."""
        ctx = multiprocessing.get_context("spawn")
        started = ctx.Barrier(self.processes)
        self._executor = ProcessPoolExecutor(max_workers=self.processes, mp_context=ctx,
                                             initializer=worker.start,
                                             # the token stays in the front: checks never need it
                                             initargs=(dataclasses.replace(self.settings, token=""), started))
        futures = [self._executor.submit(worker.ready, START_TIMEOUT) for _ in range(self.processes)]
        self.pids = sorted(await asyncio.gather(*(asyncio.wrap_future(f) for f in futures)))

    async def call(self, kind: str, payload: Any) -> Reply:
        """The Reply of one request; RequestError (the request's fault) passes through.

        Requests wait here, in arrival order, until a process is free, at most the time
        limit (then 503: busy, try again); a process then checks one at most the time limit
        (worker.time_limit). Only free processes are handed work, so nothing queues inside
        the executor where it could no longer be withdrawn."""
        limit = self.settings.time_limit or None
        try:
            await asyncio.wait_for(self._free.acquire(), limit)
        except TimeoutError:
            raise RequestError(503, f"the server is busy: no check process was free within the "
                               f"{limit:g} s time limit; try again shortly") from None
        try:
            return await self._run(kind, payload)
        finally:
            self._free.release()

    async def _run(self, kind: str, payload: Any) -> Reply:
        """A pool broken by a process that died is started anew and the request tried once
        more (a request that itself kills its process gets a 503 the second time)."""
        for _attempt in (1, 2):
            executor = self._executor
            if executor is None:
                raise RequestError(503, "the server is starting or stopping")
            try:  # a pool broken while idle says so at submit, a busy one at the result
                return await asyncio.wrap_future(executor.submit(worker.handle, kind, payload))
            except BrokenProcessPool:
                await self._recover(executor)
        raise RequestError(503, "a check process stopped while checking this text; "
                           "the process has been replaced")

    async def _recover(self, broken: ProcessPoolExecutor) -> None:
        async with self._restart:
            if self._executor is not broken:  # another request already restarted it
                return
            logs.event("pool-restart", logging.WARNING, processes=self.processes)
            broken.shutdown(wait=False, cancel_futures=True)
            await self.start()

    async def stop(self) -> None:
        """After the server has answered what was in flight: the processes exit."""
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.get_running_loop().run_in_executor(None, executor.shutdown, True)
