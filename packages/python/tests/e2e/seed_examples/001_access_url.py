from dilnaka import Dilnaka
client = Dilnaka()
access = client.get_file_access_url(
"maext0cfjsquw2mu9o597fb9",
expires_in=1200,
)
print(access.url)
print(access.expires_in)
