class UserRepository(Protocol):
    async def get(self, user_id: uuid.UUID) -> User | None: ...

    async def get_by_email(self, email: str) -> User | None: ...

    async def add(self, user: User) -> None:
        """Store a new user; raises EmailAlreadyRegisteredError when the email is taken."""
        ...

    async def save(self, user: User) -> None:
        """Store changes; raises ConcurrentUpdateError when someone else saved first."""
        ...

    async def list_page(self, page: PageRequest) -> Page[User]:
        """Users oldest first."""
        ...


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password: str, password_hash: str) -> bool: ...

    async def verify_dummy(self, password: str) -> None:
        """Spend as long as a real verification, so unknown emails cannot be told by timing."""
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with other parameters (or scheme) than the current ones."""
        ...


class LoginRateLimiter(Protocol):
    """Counts failed sign-ins per key (client and email) in a sliding window."""

    async def check(self, key: str) -> None:
        """Raise RateLimitedError while ``key`` has used up its attempts."""
        ...

    async def record_failure(self, key: str) -> None: ...

    async def reset(self, key: str) -> None: ...
