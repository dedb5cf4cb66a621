from dilnaka import Dilnaka
client = Dilnaka()
file_id = "maext0cfjsquw2mu9o597fb9"
result = client.delete_file(file_id)
print(result)
