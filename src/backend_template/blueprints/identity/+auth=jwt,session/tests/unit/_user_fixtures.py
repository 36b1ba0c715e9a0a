MAX_ATTEMPTS = 3
WINDOW_SECONDS = 60


@pytest.fixture
def hasher() -> FakePasswordHasher:
    return FakePasswordHasher()


@pytest.fixture
def limiter(clock: FakeClock) -> StoredLoginRateLimiter:
    store = InMemoryRateLimitStore(now=lambda: clock.now().timestamp())
    return StoredLoginRateLimiter(store, max_attempts=MAX_ATTEMPTS, window_seconds=WINDOW_SECONDS)


@pytest.fixture
def make_user(store: IdentityStore, hasher: FakePasswordHasher, clock: FakeClock) -> UserFactory:
    return UserFactory(store, hasher, clock)


@pytest.fixture
async def admin(make_user: UserFactory) -> User:
    return await make_user("root@example.com", role=Role.ADMIN)


@pytest.fixture
async def user(make_user: UserFactory) -> User:
    return await make_user("ada@example.com")
