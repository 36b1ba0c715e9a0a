class SqlUserRepository:
    """SQLModel statements on SQLAlchemy's session machinery, hence the shared name."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: uuid.UUID) -> User | None:
        record = await self._session.get(UserRecord, user_id, populate_existing=True)
        return user_to_domain(record) if record else None

    async def get_by_email(self, email: str) -> User | None:
        found = await self._session.exec(select(UserRecord).where(col(UserRecord.email) == email))
        record = found.first()
        return user_to_domain(record) if record else None

    async def add(self, user: User) -> None:
        self._session.add(user_to_record(user))
        try:
            await self._session.flush()
        except IntegrityError as error:
            # The unique email constraint settles a race the caller's check cannot see.
            raise EmailAlreadyRegisteredError from error

    async def save(self, user: User) -> None:
        result = await self._session.exec(
            update(UserRecord)
            .where(col(UserRecord.id) == user.id, col(UserRecord.version) == user.version)
            .values(
                email=user.email,
                password_hash=user.password_hash,
                role=user.role.value,
                is_active=user.is_active,
                updated_at=user.updated_at,
                version=user.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            msg = "The user was changed by someone else; reload and try again."
            raise ConcurrentUpdateError(msg, details={"id": str(user.id)})
        user.version += 1

    async def list_page(self, page: PageRequest) -> Page[User]:
        total = (await self._session.exec(select(func.count()).select_from(UserRecord))).one()
        records = await self._session.exec(
            select(UserRecord)
            .order_by(col(UserRecord.created_at), col(UserRecord.id))
            .offset(page.offset)
            .limit(page.limit)
        )
        return Page(
            items=[user_to_domain(record) for record in records],
            total=total,
            offset=page.offset,
            limit=page.limit,
        )
