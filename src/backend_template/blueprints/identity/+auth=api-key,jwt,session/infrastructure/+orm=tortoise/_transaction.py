    def __init__(self, database: Database, on_commit: Callable[[], None] = lambda: None) -> None:
        self._database = database
        self._on_commit = on_commit
        self._transaction: Transaction | None = None

    @property
    def transaction(self) -> Transaction:
        if self._transaction is None:
            msg = "the unit of work is used outside its `async with` block"
            raise RuntimeError(msg)
        return self._transaction

    @property
    def client(self) -> BaseDBAsyncClient:
        """The connection of this transaction, which every repository query runs on."""
        return self.transaction.client

    async def __aenter__(self) -> Self:
        self._transaction = await self._database.begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        transaction, self._transaction = self.transaction, None
        # Closing rolls back whatever was not committed and releases the connection; an outage,
        # during the work or the closing, leaves as the kernel's ServiceUnavailableError.
        await transaction.close(exc)

    async def commit(self) -> None:
        await self.transaction.commit()
        self._on_commit()
