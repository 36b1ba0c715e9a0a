import pytest

from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.application }}.register_user import (
    RegisterUser,
    RegisterUserCommand,
)
from {{ unit.domain }}.errors import (
    EmailAlreadyRegisteredError,
    InvalidEmailError,
    WeakPasswordError,
)
from {{ unit.domain }}.user import Role

from tests.fakes.clock import FakeClock
from tests.fakes.{{ unit.name }}.security import FakePasswordHasher
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore
from tests.fakes.{{ unit.name }}.users import PASSWORD


@pytest.fixture
def use_case(uow: UnitOfWorkFactory, hasher: FakePasswordHasher, clock: FakeClock) -> RegisterUser:
    return RegisterUser(uow, hasher, clock)


async def test_registers_an_active_user_with_a_normalised_email_and_a_hash(
    use_case: RegisterUser, store: IdentityStore, hasher: FakePasswordHasher
) -> None:
    command = RegisterUserCommand(email="  Ada@Example.COM ", password=PASSWORD)

    view = await use_case.execute(command)

    stored = store.users[view.id]
    assert view.email == stored.email == "ada@example.com"
    assert view.role is Role.USER
    assert view.is_active
    assert stored.password_hash != PASSWORD
    assert await hasher.verify(PASSWORD, stored.password_hash)
    assert not hasattr(view, "password_hash")


async def test_refuses_an_email_already_registered_in_any_case(
    use_case: RegisterUser, store: IdentityStore
) -> None:
    await use_case.execute(RegisterUserCommand(email="ada@example.com", password=PASSWORD))

    with pytest.raises(EmailAlreadyRegisteredError):
        await use_case.execute(RegisterUserCommand(email="ADA@example.com", password=PASSWORD))
    assert len(store.users) == 1


@pytest.mark.parametrize(
    "password",
    ["short-pass", "x" * 129, "ada@example.com", "ADA@EXAMPLE.COM"],
    ids=["too-short", "too-long", "the-email", "the-email-uppercased"],
)
async def test_refuses_weak_passwords(
    use_case: RegisterUser, store: IdentityStore, password: str
) -> None:
    with pytest.raises(WeakPasswordError):
        await use_case.execute(RegisterUserCommand(email="ada@example.com", password=password))
    assert store.users == {}


@pytest.mark.parametrize("email", ["", "ada", "ada@", "@example.com", "ada@example", "a b@x.io"])
async def test_refuses_malformed_emails(use_case: RegisterUser, email: str) -> None:
    with pytest.raises(InvalidEmailError):
        await use_case.execute(RegisterUserCommand(email=email, password=PASSWORD))


def test_the_command_never_shows_the_password() -> None:
    command = RegisterUserCommand(email="ada@example.com", password=PASSWORD)

    assert PASSWORD not in repr(command)
