class SqlUserRepository:
    def __init__(self, client: BaseDBAsyncClient) -> None:
        self._client = client

    async def get(self, user_id: uuid.UUID) -> User | None:
        record = await UserRecord.filter(id=user_id).using_db(self._client).first()
        return user_to_domain(record) if record else None

    async def get_by_email(self, email: str) -> User | None:
        record = await UserRecord.filter(email=email).using_db(self._client).first()
        return user_to_domain(record) if record else None

    async def add(self, user: User) -> None:
        try:
            await user_to_record(user).save(using_db=self._client, force_create=True)
        except IntegrityError as error:
            # The unique email constraint settles a race the caller's check cannot see.
            raise EmailAlreadyRegisteredError from error

    async def save(self, user: User) -> None:
        updated = (
            await UserRecord.filter(id=user.id, version=user.version)
            .using_db(self._client)
            .update(
                email=user.email,
                password_hash=user.password_hash,
                role=user.role.value,
                is_active=user.is_active,
                updated_at=user.updated_at,
                version=user.version + 1,
            )
        )
        if updated != 1:
            msg = "The user was changed by someone else; reload and try again."
            raise ConcurrentUpdateError(msg, details={"id": str(user.id)})
        user.version += 1

    async def list_page(self, page: PageRequest) -> Page[User]:
        total = await UserRecord.all().using_db(self._client).count()
        records = (
            await UserRecord.all()
            .using_db(self._client)
            .order_by("created_at", "id")
            .offset(page.offset)
            .limit(page.limit)
        )
        return Page(
            items=[user_to_domain(record) for record in records],
            total=total,
            offset=page.offset,
            limit=page.limit,
        )
