def display_name(user) -> str:
    """Family name first, as Vietnamese names are written ("Nguyễn Thị Tuyên"); Django's
    get_full_name() puts the given name first. The username when no name is known."""
    if user is None:
        return ""
    return f"{user.last_name} {user.first_name}".strip() or user.username
