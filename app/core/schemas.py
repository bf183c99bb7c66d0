"""The two bases every API schema builds on.

- `InputModel`: a request body. Unknown fields are refused (422 naming the field), so a
  misspelt field never passes silently.
- `ReadModel`: a reply. It reads itself from anything with the fields as attributes: a
  Core row of the read path (`app/core/reads.py`), or an ORM entity, so no reply needs
  a hand-written field-by-field mapper.
"""

from pydantic import BaseModel, ConfigDict


class InputModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReadModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)
