ROLE_CHECK = CheckConstraint(check="role IN ('admin', 'editor', 'user')", name="ck_users_role")


class UserRecord(Model):
    id = fields.UUIDField(primary_key=True)
    email = fields.CharField(max_length=320, unique=True)
    password_hash = fields.CharField(max_length=255)
    role = fields.CharField(max_length=16)
    is_active = fields.BooleanField()
    created_at = UtcDatetimeField()
    updated_at = UtcDatetimeField()
    version = fields.IntField()

    class Meta:
        table = "users"
{%- if unit.schema %}
        schema = "{{ unit.schema }}"
{%- endif %}
        constraints = (ROLE_CHECK,)
