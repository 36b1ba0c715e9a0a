    def __init__(
        self,
        session_factory: async_sessionmaker[Session],
        on_commit: Callable[[], None] = lambda: None,
    ) -> None:
        self._session_factory = session_factory
        self._on_commit = on_commit
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            msg = "the unit of work is used outside its `async with` block"
            raise RuntimeError(msg)
        return self._session

    async def __aenter__(self) -> Self:
        self._session = self._session_factory()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        # An outage, during the work or the closing, leaves as ServiceUnavailableError.
        with outage_as_unavailable(exc):
            try:
                await session.rollback()
            finally:
                await session.close()

    async def commit(self) -> None:
        await self.session.commit()
        self._on_commit()
