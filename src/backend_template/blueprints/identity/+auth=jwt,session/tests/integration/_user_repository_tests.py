NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def a_user(email: str = "ada@example.com", *, at: datetime = NOW) -> User:
    return User.register(user_id=new_id(), email=email, password_hash="$argon2id$stub", now=at)


async def store_user(database: Database, user: User) -> None:
    async with unit_of_work_factory(database)() as uow:
        await uow.users.add(user)
        await uow.commit()


async def test_a_user_round_trips_with_aware_datetimes(database: Database) -> None:
    user = a_user()
    await store_user(database, user)

    async with unit_of_work_factory(database)() as uow:
        by_id = await uow.users.get(user.id)
        by_email = await uow.users.get_by_email("ada@example.com")

    assert by_id == by_email == user
    assert by_id is not None
    assert by_id.created_at.tzinfo is not None


async def test_the_email_is_unique(database: Database) -> None:
    await store_user(database, a_user())

    with pytest.raises(EmailAlreadyRegisteredError):
        await store_user(database, a_user())


async def test_nothing_is_stored_without_commit(database: Database) -> None:
    user = a_user()
    async with unit_of_work_factory(database)() as uow:
        await uow.users.add(user)

    async with unit_of_work_factory(database)() as uow:
        assert await uow.users.get(user.id) is None


async def test_save_bumps_the_version_and_detects_a_concurrent_update(database: Database) -> None:
    user = a_user()
    await store_user(database, user)
    factory = unit_of_work_factory(database)
    async with factory() as uow:
        first = await uow.users.get(user.id)
    async with factory() as uow:
        second = await uow.users.get(user.id)
    assert first is not None
    assert second is not None

    async with factory() as uow:
        first.change_role(Role.ADMIN, NOW)
        await uow.users.save(first)
        await uow.commit()
    assert first.version == user.version + 1

    async with factory() as uow:
        second.set_active(False, NOW)
        with pytest.raises(ConcurrentUpdateError):
            await uow.users.save(second)

    async with factory() as uow:
        stored = await uow.users.get(user.id)
    assert stored is not None
    assert (stored.role, stored.is_active, stored.version) == (Role.ADMIN, True, 2)


async def test_lists_users_oldest_first(database: Database) -> None:
    for index in range(3):
        await store_user(database, a_user(f"u{index}@example.com", at=NOW + timedelta(index)))

    async with unit_of_work_factory(database)() as uow:
        page = await uow.users.list_page(PageRequest(offset=1, limit=1))

    assert page.total == 3
    assert [user.email for user in page.items] == ["u1@example.com"]


def test_the_unit_of_work_is_only_usable_inside_its_block(database: Database) -> None:
    uow = unit_of_work_factory(database)()

    with pytest.raises(RuntimeError, match="outside"):
        uow.users  # noqa: B018 - the attribute access is what is tested
