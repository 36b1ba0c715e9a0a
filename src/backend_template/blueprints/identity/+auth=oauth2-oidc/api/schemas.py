"""Response bodies of the identity api."""

from pydantic import BaseModel, Field

from {{ unit.shared }}.security import Principal


class PrincipalOut(BaseModel):
    subject: str = Field(description="The provider's subject (sub claim) of the caller.")
    roles: list[str] = Field(description="This service's roles, mapped from the provider's.")
    permissions: list[str] = Field(description="What the roles grant.")

    @classmethod
    def of(cls, principal: Principal) -> "PrincipalOut":
        return cls(
            subject=principal.subject,
            roles=sorted(principal.roles),
            permissions=sorted(principal.permissions),
        )
