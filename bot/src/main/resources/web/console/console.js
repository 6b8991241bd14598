// console page: built in the next step
