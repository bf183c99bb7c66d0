from fastapi import APIRouter

from app.core.transaction import TransactionalRoute

router = APIRouter(prefix="/workspaces/{workspace}", route_class=TransactionalRoute)
