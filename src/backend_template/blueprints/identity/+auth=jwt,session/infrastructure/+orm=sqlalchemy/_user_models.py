class UserRecord(Base):
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

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    is_active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer)
