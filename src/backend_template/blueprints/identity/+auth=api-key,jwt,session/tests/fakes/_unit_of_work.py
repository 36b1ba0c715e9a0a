    def __init__(self, store: IdentityStore) -> None:
        self._store = store
        self._working: IdentityStore | None = None

    @property
    def working(self) -> IdentityStore:
        """This transaction's own copy of the store, where its repositories read and write."""
        return in_use(self._working)

    async def _begin(self) -> None:
        self._working = copy.deepcopy(self._store)

    async def _end(self, error: BaseException | None) -> None:
        del error  # in memory, what was not committed is dropped with the working copy
        self._working = None

    async def commit(self) -> None:
        commits = self._store.commits + 1
        vars(self._store).update(copy.deepcopy(vars(self.working)))
        self._store.commits = commits
