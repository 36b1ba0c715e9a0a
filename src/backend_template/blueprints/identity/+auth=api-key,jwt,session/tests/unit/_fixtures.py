@pytest.fixture
def store() -> IdentityStore:
    return IdentityStore()


@pytest.fixture
def uow(store: IdentityStore) -> UnitOfWorkFactory:
    return lambda: InMemoryIdentityUnitOfWork(store)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
