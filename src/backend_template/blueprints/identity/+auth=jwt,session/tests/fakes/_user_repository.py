class InMemoryUserRepository:
    def __init__(self, users: dict[uuid.UUID, User]) -> None:
        self._users = users

    async def get(self, user_id: uuid.UUID) -> User | None:
        user = self._users.get(user_id)
        return copy.deepcopy(user) if user else None

    async def get_by_email(self, email: str) -> User | None:
        found = next((user for user in self._users.values() if user.email == email), None)
        return copy.deepcopy(found) if found else None

    async def add(self, user: User) -> None:
        if any(existing.email == user.email for existing in self._users.values()):
            raise EmailAlreadyRegisteredError
        self._users[user.id] = copy.deepcopy(user)

    async def save(self, user: User) -> None:
        stored = self._users.get(user.id)
        if stored is None or stored.version != user.version:
            msg = "The user was changed by someone else; reload and try again."
            raise ConcurrentUpdateError(msg)
        user.version += 1
        self._users[user.id] = copy.deepcopy(user)

    async def list_page(self, page: PageRequest) -> Page[User]:
        ordered = sorted(self._users.values(), key=lambda user: (user.created_at, user.id))
        return Page(
            items=[copy.deepcopy(user) for user in ordered[page.offset : page.offset + page.limit]],
            total=len(ordered),
            offset=page.offset,
            limit=page.limit,
        )
