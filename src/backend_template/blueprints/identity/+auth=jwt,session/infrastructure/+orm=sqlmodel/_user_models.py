class UserRecord(SQLModel, table=True):
    __tablename__ = "users"
{%- if unit.schema %}
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'editor', 'user')", name="role"),
        # The module's own PostgreSQL schema: its tables are visibly the identity module's.
        {"schema": "{{ unit.schema }}"},
    )
{%- else %}
    __table_args__ = (CheckConstraint("role IN ('admin', 'editor', 'user')", name="role"),)
{%- endif %}

    id: uuid.UUID = Field(sa_type=Uuid, primary_key=True)
    email: str = Field(sa_type=String(320), unique=True)
    password_hash: str = Field(sa_type=String(255))
    role: str = Field(sa_type=String(16))
    is_active: bool = Field(sa_type=Boolean)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int = Field(sa_type=Integer)
